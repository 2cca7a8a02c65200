/** Reading the familiar progress worksheet from a plain grid of cells (server and add-in alike). */
export * from './address';
export * from './grid';
export * from './recognise';
