import { entry } from '../catalog/data/build.js';

/** SFTP server in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('storage', 'sftp', 'SFTP server', 'List, download and upload files on any SSH file transfer (SFTP) server.', 'https://www.openssh.com', 'https://datatracker.ietf.org/doc/html/draft-ietf-secsh-filexfer-02', 'sftp://files.example.com:22', { kind: 'server', hint: 'Host, port, user name, and a password or private key; pin the host key with hostKeySha256.' });
