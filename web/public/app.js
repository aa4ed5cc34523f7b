// Concord sign-in page: log in, see who you are, log out. Plain ES2020, no dependencies.
// The page's Content-Security-Policy forbids inline scripts, so all behaviour lives here.
// Text is set with textContent only; nothing from the server is parsed as HTML.
'use strict';

(() => {
  const CSRF_KEY = 'concord.csrf';
  const LANG_KEY = 'concord.lang';

  const MESSAGES = {
    en: {
      language: 'Language',
      loading: 'Loading…',
      sign_in_title: 'Sign in',
      login: 'Login',
      password: 'Password',
      totp: 'Authenticator code',
      totp_hint: 'Enter the 6-digit code from your authenticator app.',
      sign_in: 'Sign in',
      signing_in: 'Signing in…',
      welcome: 'Welcome, {name}',
      mfa_pending: 'Your company requires a second factor. Enrol an authenticator before continuing.',
      display_name: 'Name',
      company: 'Company',
      other_companies: 'Other companies',
      permissions: 'Your permissions',
      no_permissions: 'You have no permissions in this company.',
      permission: 'Permission',
      scope: 'Scope',
      scope_none: 'none',
      scope_own: 'own records',
      scope_department: 'department',
      scope_company: 'whole company',
      links: 'Links',
      link_openapi: 'API description (OpenAPI)',
      link_health: 'Health check',
      link_metrics: 'Metrics',
      log_out: 'Log out',
      logged_out: 'You have been logged out.',
      required_login: 'Enter your login.',
      required_password: 'Enter your password.',
      required_totp: 'Enter the code from your authenticator app.',
      totp_required: 'Enter the code from your authenticator app to finish signing in.',
      throttled: 'Too many failed logins. Try again in {seconds} seconds.',
      throttled_generic: 'Too many failed logins. Please wait a while and try again.',
      network: 'The server could not be reached. Check your connection and try again.',
      unexpected: 'Something went wrong (HTTP {status}).',
      csrf_missing: 'This tab does not hold the session\'s security token. Log out from the tab ' +
          'where you signed in, or close the browser.',
    },
    zh: {
      language: '语言',
      loading: '正在加载…',
      sign_in_title: '登录',
      login: '用户名',
      password: '密码',
      totp: '验证器代码',
      totp_hint: '请输入身份验证器应用中的 6 位代码。',
      sign_in: '登录',
      signing_in: '正在登录…',
      welcome: '欢迎，{name}',
      mfa_pending: '您的公司要求启用双重验证。请先绑定身份验证器再继续。',
      display_name: '姓名',
      company: '公司',
      other_companies: '其他公司',
      permissions: '您的权限',
      no_permissions: '您在此公司中没有任何权限。',
      permission: '权限',
      scope: '范围',
      scope_none: '无',
      scope_own: '本人记录',
      scope_department: '本部门',
      scope_company: '全公司',
      links: '链接',
      link_openapi: 'API 说明（OpenAPI）',
      link_health: '健康检查',
      link_metrics: '监控指标',
      log_out: '退出登录',
      logged_out: '您已退出登录。',
      required_login: '请输入用户名。',
      required_password: '请输入密码。',
      required_totp: '请输入身份验证器中的代码。',
      totp_required: '请输入身份验证器中的代码以完成登录。',
      throttled: '登录失败次数过多，请在 {seconds} 秒后重试。',
      throttled_generic: '登录失败次数过多，请稍后重试。',
      network: '无法连接服务器，请检查网络后重试。',
      unexpected: '出现错误（HTTP {status}）。',
      csrf_missing: '此标签页没有该会话的安全令牌。请在登录时所用的标签页中退出，或关闭浏览器。',
      // Server message ids; the server's English `detail` is shown for ids not listed here.
      'auth.invalid_credentials': '用户名或密码错误。',
      'auth.totp_invalid': '验证器代码错误或已过期。',
      'auth.no_company': '该用户不属于任何公司（或不属于所选公司）。',
      'auth.unauthenticated': '请重新登录。',
    },
  };

  const $ = (id) => document.getElementById(id);

  let lang = pickLanguage();
  // What is on screen, so a language switch can redraw it.
  let me = null;
  let loginMessage = null;    // () => string, or null
  let profileMessage = null;  // () => string, or null

  function pickLanguage() {
    const saved = localStorage.getItem(LANG_KEY);
    if (saved && MESSAGES[saved]) return saved;
    const preferred = navigator.languages && navigator.languages.length ?
        navigator.languages : [navigator.language || 'en'];
    return preferred.some((l) => /^zh\b/i.test(l)) ? 'zh' : 'en';
  }

  function t(key, params) {
    const text = MESSAGES[lang][key] ?? MESSAGES.en[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (m, name) => (params && name in params ? params[name] : m));
  }

  function applyLanguage() {
    document.documentElement.lang = lang === 'zh' ? 'zh-Hans' : 'en';
    $('lang-select').value = lang;
    for (const el of document.querySelectorAll('[data-i18n]')) {
      el.textContent = t(el.dataset.i18n);
    }
    showMessage('login-error', loginMessage);
    showMessage('profile-error', profileMessage);
    if (me) renderProfile(me);
  }

  function showMessage(id, message) {
    const el = $(id);
    el.textContent = message ? message() : '';
    el.hidden = !message;
  }

  function setLoginMessage(message, kind = 'error') {
    loginMessage = message;
    $('login-error').className = 'alert ' + kind;
    showMessage('login-error', message);
  }

  function setProfileMessage(message) {
    profileMessage = message;
    showMessage('profile-error', message);
  }

  function showView(name) {
    for (const view of ['loading', 'login', 'profile']) {
      $(view + '-view').hidden = view !== name;
    }
  }

  // ---- HTTP -------------------------------------------------------------------------------------

  // The session's CSRF token: kept by the tab that logged in, and readable by every tab from the
  // concord_csrf cookie (not HttpOnly on purpose; the session cookie itself is HttpOnly).
  function csrfToken() {
    const stored = sessionStorage.getItem(CSRF_KEY);
    if (stored) return stored;
    const match = document.cookie.match(/(?:^|;\s*)concord_csrf=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : '';
  }

  async function api(method, path, body) {
    const headers = {Accept: 'application/json'};
    if (method !== 'GET') {
      headers['Content-Type'] = 'application/json';
      const csrf = csrfToken();
      if (csrf) headers['X-CSRF-Token'] = csrf;
    }
    const res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data = null;
    try {
      data = await res.json();
    } catch (e) {
      data = null;  // empty or non-JSON body
    }
    return {res, data};
  }

  // Turns a problem+json answer into a message function (re-evaluated on language change).
  function problemMessage(res, problem) {
    const p = problem || {};
    if (res.status === 429) {
      const seconds = Number(res.headers.get('Retry-After')) ||
          Number((String(p.detail || '').match(/\d+/) || [])[0]);
      return () => (seconds ? t('throttled', {seconds}) : t('throttled_generic'));
    }
    const fieldLines = (Array.isArray(p.errors) ? p.errors : [])
        .map((e) => [e.field, e.message || e.code].filter(Boolean).join(': '));
    return () => {
      const main = (p.code && MESSAGES[lang][p.code]) || p.detail ||
          t('unexpected', {status: res.status});
      return [main, ...fieldLines].join('\n');
    };
  }

  // ---- Views ------------------------------------------------------------------------------------

  function renderProfile(data) {
    const user = data.user || {};
    const name = user.display_name || user.login || '';
    $('profile-title').textContent = t('welcome', {name});
    $('user-display-name').textContent = name;
    $('user-login').textContent = user.login || '';
    const company = data.company || {};
    $('user-company').textContent = company.name || (company.id ? '#' + company.id : '—');

    const others = (data.companies || []).filter((c) => c.id !== company.id).map((c) => c.name);
    $('other-companies').textContent = others.join(', ');
    $('other-companies').hidden = others.length === 0;
    $('other-companies-label').hidden = others.length === 0;

    $('mfa-notice').hidden = !data.mfa_pending;
    renderPermissions(data.permissions || {});
  }

  function renderPermissions(permissions) {
    const body = $('permissions-body');
    body.replaceChildren();
    const names = Object.keys(permissions).sort();
    for (const perm of names) {
      const row = document.createElement('tr');
      const nameCell = document.createElement('td');
      const code = document.createElement('code');
      code.textContent = perm;
      nameCell.append(code);
      const scopeCell = document.createElement('td');
      const scope = String(permissions[perm]);
      scopeCell.textContent = MESSAGES.en['scope_' + scope] ? t('scope_' + scope) : scope;
      row.append(nameCell, scopeCell);
      body.append(row);
    }
    $('permissions-table').hidden = names.length === 0;
    $('permissions-empty').hidden = names.length !== 0;
  }

  function showProfile(data) {
    me = data;
    setProfileMessage(null);
    renderProfile(data);
    showView('profile');
    $('profile-title').focus();
  }

  function showLogin(message, kind) {
    me = null;
    setLoginMessage(message || null, kind);
    $('totp-field').hidden = true;
    $('totp').value = '';
    $('password').value = '';
    showView('login');
    $('login').focus();
  }

  // ---- Actions ----------------------------------------------------------------------------------

  async function loadMe() {
    try {
      const {res, data} = await api('GET', '/api/v1/auth/me');
      if (res.ok && data) return data;
    } catch (e) {
      // Treated as signed out; the login form reports network errors when used.
    }
    return null;
  }

  function markInvalid(field, invalid) {
    if (invalid) {
      $(field).setAttribute('aria-invalid', 'true');
    } else {
      $(field).removeAttribute('aria-invalid');
    }
  }

  function validate() {
    const missing = [
      ['login', 'required_login'],
      ['password', 'required_password'],
    ];
    if (!$('totp-field').hidden) missing.push(['totp', 'required_totp']);
    let first = null;
    for (const [field, key] of missing) {
      // A password may legitimately be all spaces; the other fields may not.
      const value = $(field).value;
      const empty = field === 'password' ? value === '' : value.trim() === '';
      markInvalid(field, empty);
      if (empty && !first) first = [field, key];
    }
    if (first) {
      setLoginMessage(() => t(first[1]));
      $(first[0]).focus();
    }
    return !first;
  }

  async function onLogin(event) {
    event.preventDefault();
    if (!validate()) return;
    const button = $('login-submit');
    const body = {login: $('login').value.trim(), password: $('password').value};
    if (!$('totp-field').hidden) body.totp = $('totp').value.replace(/\s+/g, '');
    button.disabled = true;
    button.textContent = t('signing_in');
    $('login-form').setAttribute('aria-busy', 'true');
    try {
      const {res, data} = await api('POST', '/api/v1/auth/login', body);
      if (res.ok && data) {
        sessionStorage.setItem(CSRF_KEY, data.csrf_token || '');
        const profile = (await loadMe()) || {
          user: data.user,
          company: {id: data.company_id},
          companies: [],
          permissions: {},
        };
        profile.mfa_pending = Boolean(data.mfa_pending || profile.mfa_pending);
        $('password').value = '';
        $('totp').value = '';
        setLoginMessage(null);
        showProfile(profile);
        return;
      }
      onLoginFailed(res, data);
    } catch (e) {
      setLoginMessage(() => t('network'));
    } finally {
      button.disabled = false;
      button.textContent = t('sign_in');
      $('login-form').removeAttribute('aria-busy');
    }
  }

  function onLoginFailed(res, problem) {
    const code = problem && problem.code;
    if (code === 'auth.totp_required') {
      $('totp-field').hidden = false;
      setLoginMessage(() => t('totp_required'), 'info');
      $('totp').focus();
      return;
    }
    setLoginMessage(problemMessage(res, problem));
    if (code === 'auth.totp_invalid') {
      $('totp').value = '';
      markInvalid('totp', true);
      $('totp').focus();
    } else if (code === 'auth.invalid_credentials') {
      $('password').value = '';
      markInvalid('password', true);
      $('password').focus();
    }
  }

  async function onLogout() {
    const button = $('logout');
    button.disabled = true;
    try {
      const {res, data} = await api('POST', '/api/v1/auth/logout', {});
      if (res.ok || res.status === 401) {
        sessionStorage.removeItem(CSRF_KEY);
        showLogin(() => t('logged_out'), 'info');
      } else if (res.status === 403 && !csrfToken()) {
        setProfileMessage(() => t('csrf_missing'));
      } else {
        setProfileMessage(problemMessage(res, data));
      }
    } catch (e) {
      setProfileMessage(() => t('network'));
    } finally {
      button.disabled = false;
    }
  }

  function onLanguageChange() {
    lang = MESSAGES[$('lang-select').value] ? $('lang-select').value : 'en';
    localStorage.setItem(LANG_KEY, lang);
    const button = $('login-submit');
    applyLanguage();
    if (button.disabled) button.textContent = t('signing_in');
  }

  async function start() {
    applyLanguage();
    $('profile-title').tabIndex = -1;
    $('login-form').addEventListener('submit', onLogin);
    $('logout').addEventListener('click', onLogout);
    $('lang-select').addEventListener('change', onLanguageChange);
    for (const field of ['login', 'password', 'totp']) {
      $(field).addEventListener('input', () => markInvalid(field, false));
    }
    const profile = await loadMe();
    if (profile) {
      showProfile(profile);
    } else {
      showLogin();
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
