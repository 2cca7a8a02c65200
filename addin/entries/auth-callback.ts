/**
 * The page Cognito's hosted UI redirects the sign-in dialog to (`auth-callback.html`): it reads
 * `code` and `state` (or `error`, `error_description`) from the query and sends them to the task
 * pane with `Office.context.ui.messageParent`; the pane checks `state`, closes this dialog and
 * exchanges the code (addin/auth/cognito.ts). Nothing is stored here.
 */
import { callbackMessage } from '../auth/cognito';

const status = document.getElementById('status');

Office.onReady(() => {
  Office.context.ui.messageParent(JSON.stringify(callbackMessage(window.location.search)));
  if (status) status.textContent = '登录完成，可以关闭此窗口。/ Signed in; you can close this window.';
});
