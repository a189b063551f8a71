import { entry } from '../catalog/data/build.js';

/** MySQL / MariaDB in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('databases', 'mysql', 'MySQL / MariaDB', 'Query, insert and update rows of a MySQL or MariaDB database; start workflows on new rows.', 'https://www.mysql.com', 'https://dev.mysql.com/doc/refman/8.4/en/', 'mysql://db.example.com:3306', { kind: 'server', hint: 'Host, port, database, user and password (a user with only the rights the workflows need).' });
