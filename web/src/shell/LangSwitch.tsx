// The language switch (English / 简体中文), remembered per browser.
import { Lang, setLang, t, useLang } from '../i18n';

export function LangSwitch() {
  const lang = useLang();
  return (
    <label class="lang">
      <span class="sr-only">{t('lang.label')}</span>
      <select aria-label={t('lang.label')} value={lang} data-testid="lang"
              onChange={(e) => setLang(e.currentTarget.value as Lang)}>
        <option value="en" lang="en">English</option>
        <option value="zh" lang="zh-Hans">简体中文</option>
      </select>
    </label>
  );
}
