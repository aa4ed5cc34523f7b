// Turns anything thrown by the API client into a sentence in the user's language.
import { ApiError } from '../api';
import { t, tDynamic } from '../i18n';

export function errorText(err: unknown): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  if (err.status === 0) return t('err.network');
  if (err.status === 429) {
    return err.retryAfter ? t('err.throttled', { seconds: err.retryAfter }) : t('err.auth.throttled');
  }
  if (err.status === 412) return t('err.version.stale');
  const byCode = err.code ? tDynamic(`err.${err.code}`, '', { detail: err.detail }) : '';
  if (byCode) return byCode;
  if (err.detail) return err.detail;
  if (err.status === 401) return t('err.unauthenticated');
  if (err.status === 403) return t('err.forbidden');
  if (err.status === 404) return t('err.not_found');
  if (err.status === 422) return t('err.validation');
  return t('err.unexpected', { status: err.status });
}

/** The message for one field's error, translated by its code when we know it. */
export function fieldErrorText(err: unknown, field: string): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const f = err.fieldError(field);
  if (!f) return undefined;
  return tDynamic(`field.${f.code}`, '') || f.message || f.code;
}

/** Field errors the form does not show next to a field (so they are not lost). */
export function unplacedFieldErrors(err: unknown, placed: string[]): string[] {
  if (!(err instanceof ApiError)) return [];
  return err.fields
    .filter((f) => !placed.some((p) => f.field === p || f.field.startsWith(p + '.') ||
                                       f.field.startsWith(p + '[')))
    .map((f) => `${f.field}: ${tDynamic(`field.${f.code}`, '') || f.message || f.code}`);
}
