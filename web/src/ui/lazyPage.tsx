// A page whose code is fetched the first time it is opened, so the first page load carries
// only the shell and the dashboard. Vite turns each import() into its own chunk.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { RouteProps } from '../router';
import { t } from '../i18n';
import { ErrorBanner, Loading } from './components';

type Module = Record<string, unknown>;

export function lazyPage(load: () => Promise<Module>, name: string): ComponentType<RouteProps> {
  let loaded: ComponentType<RouteProps> | null = null;
  let pending: Promise<ComponentType<RouteProps>> | null = null;
  const fetchPage = () => {
    pending ??= load().then((m) => (loaded = m[name] as ComponentType<RouteProps>));
    return pending;
  };
  return function LazyPage(props: RouteProps) {
    const [, setReady] = useState(0);
    const [error, setError] = useState<unknown>(null);
    useEffect(() => {
      if (loaded) return;
      fetchPage().then(() => setReady((n) => n + 1)).catch((e) => {
        pending = null;  // a new version may have been deployed: let a reload try again
        setError(e);
      });
    }, []);
    if (error) {
      return <ErrorBanner error={new Error(t('err.page_load'))} />;
    }
    if (!loaded) return <Loading />;
    const Page = loaded;
    return <Page {...props} />;
  };
}
