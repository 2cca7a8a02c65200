/** Operations on the table (backup, restore): what `shishi backup` and `shishi restore` run. */
export * from './backup';
export * from './backup-file';
export * from './restore';
