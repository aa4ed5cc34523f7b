// Translations and locale formatting. Every area keeps its messages in i18n/<area>.ts as an
// English object and a Chinese object typed Record<keyof en, string>, so a missing Chinese
// message is a compile error (the build runs tsc). Server errors are translated by their
// stable `code` ("err.<code>"), falling back to the server's English detail.
import { createStore, useStore } from '../store';
import * as common from './common';
import * as dashboard from './dashboard';
import * as customers from './customers';
import * as values from './values';
import * as crm from './crm';
import * as sales from './sales';
import * as stock from './stock';
import * as accounting from './accounting';
import * as service from './service';
import * as admin from './admin';
import * as imports from './imports';

export type Lang = 'en' | 'zh';
const LANG_KEY = 'concord.lang';

const en = {
  ...common.en, ...dashboard.en, ...customers.en, ...values.en, ...crm.en, ...sales.en, ...stock.en, ...accounting.en, ...service.en,
  ...admin.en, ...imports.en,
};
export type MessageKey = keyof typeof en;
const zh: Record<MessageKey, string> = {
  ...common.zh, ...dashboard.zh, ...customers.zh, ...values.zh, ...crm.zh, ...sales.zh, ...stock.zh, ...accounting.zh, ...service.zh,
  ...admin.zh, ...imports.zh,
};
const dictionaries: Record<Lang, Record<string, string>> = { en, zh };

function initialLang(): Lang {
  const saved = localStorage.getItem(LANG_KEY);
  if (saved === 'en' || saved === 'zh') return saved;
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  return preferred.some((l) => /^zh\b/i.test(l ?? '')) ? 'zh' : 'en';
}

export const langStore = createStore<Lang>(initialLang());

export function setLang(lang: Lang): void {
  localStorage.setItem(LANG_KEY, lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-Hans' : 'en';
  langStore.set(lang);
}

/** Re-renders the calling component when the language changes; returns it. */
export function useLang(): Lang {
  return useStore(langStore);
}

function fill(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return fill(dictionaries[langStore.get()][key] ?? en[key] ?? key, params);
}

/** A message whose key is built at run time (a status, a kind); `fallback` when unknown. */
export function tDynamic(key: string, fallback?: string,
                         params?: Record<string, string | number>): string {
  const text = dictionaries[langStore.get()][key] ?? dictionaries.en[key];
  return text === undefined ? (fallback ?? key) : fill(text, params);
}

/** A state, status or kind value as a label: "<prefix>.<value>", else the value made readable. */
export function tValue(prefix: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return tDynamic(`${prefix}.${value}`, value.replace(/_/g, ' '));
}

export function locale(): string {
  return langStore.get() === 'zh' ? 'zh-CN' : 'en-GB';
}

const moneyFormats = new Map<string, Intl.NumberFormat>();
/** Money arrives as a decimal string next to its currency; shown in the user's locale. */
export function formatMoney(amount: string | number | null | undefined, currency?: string): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const key = `${locale()}|${currency ?? ''}`;
  let f = moneyFormats.get(key);
  if (!f) {
    f = currency
      ? new Intl.NumberFormat(locale(), { style: 'currency', currency, currencyDisplay: 'code' })
      : new Intl.NumberFormat(locale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    moneyFormats.set(key, f);
  }
  return f.format(Number(amount));
}

export function formatNumber(value: string | number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || value === '') return '—';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: Math.max(digits, 6),
                                           minimumFractionDigits: digits }).format(Number(value));
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(d);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** "in 3 h" / "2 d ago" for deadlines. */
export function formatRelative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const diff = new Date(iso).getTime() - now;
  const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto', style: 'short' });
  const abs = Math.abs(diff);
  if (abs < 3600_000) return rtf.format(Math.round(diff / 60_000), 'minute');
  if (abs < 86400_000 * 2) return rtf.format(Math.round(diff / 3600_000), 'hour');
  return rtf.format(Math.round(diff / 86400_000), 'day');
}
