import { entry, microsoft } from '../catalog/data/build.js';

/** OneDrive in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('storage', 'onedrive', 'OneDrive', 'Files in OneDrive and SharePoint document libraries through Microsoft Graph.', 'https://onedrive.live.com', 'https://learn.microsoft.com/graph/api/resources/onedrive', 'https://graph.microsoft.com/v1.0', microsoft(['Files.Read.All'], ['Files.ReadWrite.All']));
