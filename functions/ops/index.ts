/** Operations on the table (backup, restore, migration): what `shishi backup`, `shishi restore` and `shishi migrate` run. */
export * from './backup';
export * from './backup-file';
export * from './migrate';
export * from './restore';
