export { backupTo, type BackupManifest } from './backup.js';
export { restoreFrom, type RestoreOptions, type RestoreReport } from './restore.js';
export { snapshotLance, type LanceSnapshot, type PinnedVersions } from './lance-snapshot.js';
