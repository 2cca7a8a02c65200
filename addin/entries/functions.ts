/**
 * The custom functions' script (`functions.js`, which the manifest names). In the shared runtime
 * the task pane's page loads it too; functions.html loads it alone.
 */
import '../functions/register';
