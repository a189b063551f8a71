export { createVault, forgetKeyring, type Vault } from './vault.js';
export { type SealedColumn } from './sealed-columns.js';
export { rotateVault, type RotationReport, type RotateOptions, type ColumnRotation } from './rotate.js';
export { generateFernetKey } from './fernet.js';
export { keyFilePath } from './keyring.js';
