import { entry, microsoft } from '../catalog/data/build.js';

/** Excel Online in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('docs_notes', 'microsoft-excel', 'Excel Online', 'Workbooks, tables and ranges through Microsoft Graph.', 'https://www.microsoft.com/microsoft-365/excel', 'https://learn.microsoft.com/graph/api/resources/excel', 'https://graph.microsoft.com/v1.0', microsoft(['Files.ReadWrite']));
