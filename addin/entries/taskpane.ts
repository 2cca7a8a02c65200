/**
 * The task pane in Excel. This page is also the shared runtime's page: the custom functions are
 * registered here as well, so both see the same session (token, API, language).
 */
import { FUNCTIONS } from '../custom-functions/table';
import { registerFunctions } from '../host/office/functions';
import { startOfficeHost } from '../host/office/start';
import { session } from '../shared/session';
import { mount } from '../taskpane/index';
import { cognitoSignIn, connectApi, localSignIn } from './config';

registerFunctions(FUNCTIONS);

const root = document.getElementById('root')!;

void startOfficeHost().then(async (host) => {
  if (!host) {
    root.innerHTML =
      '<p style="font-family: sans-serif; padding: 12px">实事加载项需要在 Excel 中打开；在浏览器中试用请打开 ' +
      '<a href="./preview.html">预览页</a>。<br/>The Shishi add-in runs in Excel; to try it in a browser, open the ' +
      '<a href="./preview.html">preview</a>.</p>';
    return;
  }
  const api = connectApi();
  mount(root, { host, api, session, signIn: cognitoSignIn() ?? (await localSignIn()) });
});
