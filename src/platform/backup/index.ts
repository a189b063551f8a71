export { backupTo, type BackupManifest } from './backup.js';
