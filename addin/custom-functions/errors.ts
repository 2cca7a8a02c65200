/**
 * Custom functions answer failures as `CustomFunctions.Error` (Excel shows `#VALUE!`, `#N/A`… and
 * the message on hover), in the UI's language. The runtime global is looked up when an error is
 * made, so this module loads anywhere (tests install a double, see testing.ts).
 */

import { ApiProblem, NetworkError } from '../../api/errors';
import type { LocalizedText } from '../../domain/result';
import { localize } from '../i18n';
import { session } from '../shared/session';

export type CfErrorCode = 'invalidValue' | 'notAvailable' | 'invalidNumber';

/** A `CustomFunctions.Error` with the message in the session's language. */
export function cfError(
  code: CfErrorCode,
  text: LocalizedText,
  locale = session.get().locale,
): CustomFunctions.Error {
  return new CustomFunctions.Error(CustomFunctions.ErrorCode[code], localize(text, locale));
}

export const SIGN_IN_FIRST: LocalizedText = {
  zh: '请先在任务窗格中登录',
  en: 'Sign in in the task pane first',
};

export const NO_PUBLISHED_PLAN: LocalizedText = {
  zh: '本单位尚未发布年度计划',
  en: 'No plan has been published yet',
};

const SIGN_IN_AGAIN: LocalizedText = {
  zh: '登录已失效，请在任务窗格中重新登录',
  en: 'Your sign-in has expired: sign in again in the task pane',
};

/** Whether `e` is a `CustomFunctions.Error` already (thrown by a picker), so it passes through. */
export function isCfError(e: unknown): e is CustomFunctions.Error {
  return (
    typeof CustomFunctions !== 'undefined' &&
    typeof CustomFunctions.Error === 'function' &&
    e instanceof CustomFunctions.Error
  );
}

/** The cell's error for a failed status request: every waiting call gets this. */
export function requestFailure(e: unknown): CustomFunctions.Error {
  if (isCfError(e)) return e;
  if (e instanceof ApiProblem) {
    if (e.status === 401) return cfError('notAvailable', SIGN_IN_AGAIN);
    return cfError('notAvailable', {
      zh: `服务器拒绝了请求（${e.code}）：${e.text.zh}`,
      en: `The server refused the request (${e.code}): ${e.text.en}`,
    });
  }
  if (e instanceof NetworkError) return cfError('notAvailable', e.text);
  const why = e instanceof Error ? e.message : String(e);
  return cfError('notAvailable', { zh: `读取进度失败：${why}`, en: `Could not read the status: ${why}` });
}
