import { useCallback, useSyncExternalStore } from 'react';
import { formatRoute, parseHash, type Route } from './route';

function subscribe(onChange: () => void) {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const snapshot = () => window.location.hash;

/** The current route, and navigation that writes it to the URL (push for pages, replace for view state). */
export function useRoute(): [Route, (route: Route, options?: { replace?: boolean }) => void] {
  const hash = useSyncExternalStore(subscribe, snapshot);
  const route = parseHash(hash);
  const navigate = useCallback((next: Route, options: { replace?: boolean } = {}) => {
    const target = formatRoute(next);
    if (target === window.location.hash) return;
    if (options.replace) {
      window.history.replaceState(null, '', target);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } else {
      window.location.hash = target;
    }
  }, []);
  return [route, navigate];
}
