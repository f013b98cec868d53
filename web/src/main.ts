import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { getJson, storedToken, storeToken, type Principal } from './api.ts';
import { currentLang, setLang, t } from './i18n.ts';
import { LazyPublicDrawPage } from './pages/public-draw-lazy.ts';
import { DrawsPage } from './pages/draws.ts';
import { FundsPage } from './pages/funds.ts';
import { IntegrityPage } from './pages/integrity.ts';
import { LedgerPage } from './pages/ledger.ts';
import { RectificationPage } from './pages/rectification.ts';
import { TracePage } from './pages/trace.ts';
import { asApiError, ErrorBox, html } from './ui.ts';
import type { ApiError } from './api.ts';

/** Pages are addressed by the URL fragment, so the server serves one page and no token ever appears in a URL. */
function useHash(): string[] {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return hash.replace(/^#\/?/, '').split('/').filter((p) => p !== '').map(decodeURIComponent);
}

function SignIn({ onSignedIn }: { onSignedIn: (p: Principal) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    storeToken(token.trim());
    try {
      onSignedIn(await getJson<Principal>('/api/v1/whoami'));
    } catch (err) {
      storeToken(null);
      setError(asApiError(err));
    }
  };
  return html`<section class="signin">
    <h2>${t('signIn')}</h2>
    <form onSubmit=${submit}>
      <label>${t('token')}<input type="password" name="token" autocomplete="off" value=${token} onInput=${(e: Event) => setToken((e.target as HTMLInputElement).value)} /></label>
      <p class="muted">${t('tokenHelp')}</p>
      <button type="submit">${t('signIn')}</button>
    </form>
    ${error ? html`<${ErrorBox} error=${error} />` : null}
  </section>`;
}

const NAV = [
  ['trace', 'trace'],
  ['funds', 'funds'],
  ['ledger', 'ledger'],
  ['rectification', 'rectification'],
  ['draws', 'draws'],
  ['integrity', 'integrity'],
] as const;

function page(parts: string[]) {
  const [head, a, b] = parts;
  switch (head) {
    case 'trace':
      return html`<${TracePage} key=${`${a}/${b}`} by=${a as 'application' | 'institution' | 'trainee' | undefined} value=${b} />`;
    case 'funds':
      return html`<${FundsPage} />`;
    case 'ledger':
      return html`<${LedgerPage} />`;
    case 'rectification':
      return html`<${RectificationPage} />`;
    case 'draws':
      return html`<${DrawsPage} key=${a} planId=${a} />`;
    default:
      return html`<${TracePage} />`;
  }
}

function App() {
  const parts = useHash();
  const [lang, setLangState] = useState(currentLang());
  const [principal, setPrincipal] = useState<Principal | null | undefined>(storedToken() === null ? null : undefined);
  useEffect(() => {
    if (principal !== undefined) return;
    getJson<Principal>('/api/v1/whoami').then(setPrincipal, () => {
      storeToken(null);
      setPrincipal(null);
    });
  }, [principal]);
  const switchLang = () => {
    const next = lang === 'zh' ? 'en' : 'zh';
    setLang(next);
    setLangState(next);
  };
  const signOut = () => {
    storeToken(null);
    setPrincipal(null);
  };
  // The public pages need no token: anyone may check a draw or an event's inclusion.
  const isPublic = parts[0] === 'public' || parts[0] === 'integrity';
  let body;
  if (parts[0] === 'public' && parts[1] === 'draws' && parts[2]) body = html`<${LazyPublicDrawPage} key=${parts[2]} planId=${parts[2]} />`;
  else if (parts[0] === 'integrity') body = html`<${IntegrityPage} key=${parts[1]} event=${parts[1]} />`;
  else if (principal === undefined) body = html`<p class="state">${t('loading')}</p>`;
  else if (principal === null) body = html`<${SignIn} onSignedIn=${setPrincipal} />`;
  else body = page(parts);
  return html`<div class=${`shell lang-${lang}`}>
    <header>
      <h1><a href="#/">${t('title')}</a></h1>
      <nav>${principal ? NAV.map(([path, key]) => html`<a href=${`#/${path}`} class=${parts[0] === path ? 'active' : ''}>${t(key)}</a>`) : html`<a href="#/integrity">${t('integrity')}</a>`}</nav>
      <div class="who">
        ${principal ? html`<span data-testid="principal">${t('signedInAs')} ${principal.id} · ${principal.role} · ${principal.region ?? t('allRegions')}</span> <button onClick=${signOut}>${t('signOut')}</button>` : isPublic ? html`<a href="#/signin">${t('signIn')}</a>` : null}
        <button class="lang" onClick=${switchLang}>${lang === 'zh' ? 'English' : '中文'}</button>
      </div>
    </header>
    <main>${body}</main>
  </div>`;
}

setLang(currentLang());
const root = document.getElementById('app');
if (root) {
  // The page's static "loading" line is not Preact's to diff away.
  root.replaceChildren();
  render(html`<${App} />`, root);
}
