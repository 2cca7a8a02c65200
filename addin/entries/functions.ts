/**
 * The custom functions' script (`functions.js`, which the manifest names). In the shared runtime
 * the task pane's page registers them too; functions.html loads this alone.
 */
import { FUNCTIONS } from '../custom-functions/table';
import { registerFunctions } from '../host/office/functions';

registerFunctions(FUNCTIONS);
