// The sign-in form (login, password, and the authenticator code when the server asks for it).
import { useRef, useState } from 'preact/hooks';
import { api, ApiError, rememberCsrf } from './api';
import { t } from './i18n';
import { loadSession } from './session';
import { errorText } from './ui/errors';
import { LangSwitch } from './shell/LangSwitch';

export function Login(props: { notice?: string }) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [message, setMessage] = useState<{ text: string; kind: string } | null>(
      props.notice ? { text: props.notice, kind: 'info' } : null);
  const [busy, setBusy] = useState(false);
  const loginRef = useRef<HTMLInputElement>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!login.trim()) return setMessage({ text: t('login.required_login'), kind: 'error' });
    if (!password) return setMessage({ text: t('login.required_password'), kind: 'error' });
    if (needTotp && !totp.trim()) {
      return setMessage({ text: t('login.required_totp'), kind: 'error' });
    }
    setBusy(true);
    try {
      const body: Record<string, string> = { login: login.trim(), password };
      if (needTotp) body.totp = totp.replace(/\s+/g, '');
      const res = await api.post<{ csrf_token: string }>('auth/login', body);
      rememberCsrf(res.csrf_token);
      setPassword('');
      await loadSession();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'auth.totp_required') {
        setNeedTotp(true);
        setMessage({ text: t('login.totp_required'), kind: 'info' });
      } else {
        setMessage({ text: errorText(err), kind: 'error' });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="login-page" id="main">
      <div class="login-top"><span class="brand">{t('app.name')}</span><LangSwitch /></div>
      <section class="card narrow" aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        <form onSubmit={submit} noValidate aria-busy={busy ? 'true' : undefined}>
          {message && <div class={`alert ${message.kind}`} role="alert">{message.text}</div>}
          <div class="field">
            <label for="login">{t('login.login')}</label>
            <input id="login" ref={loginRef} name="login" autoComplete="username" autoFocus
                   autoCapitalize="none" spellcheck={false} value={login}
                   onInput={(e) => setLogin(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="password">{t('login.password')}</label>
            <input id="password" name="password" type="password" autoComplete="current-password"
                   value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </div>
          {needTotp && (
            <div class="field">
              <label for="totp">{t('login.totp')}</label>
              <input id="totp" name="totp" inputMode="numeric" autoComplete="one-time-code"
                     value={totp} onInput={(e) => setTotp(e.currentTarget.value)} />
              <small class="muted">{t('login.totp_hint')}</small>
            </div>
          )}
          <button type="submit" class="primary" disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </section>
    </main>
  );
}
