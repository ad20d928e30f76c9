export interface RouteMatch<R> {
  route: R;
  params: Record<string, string>;
}

/** First route whose segments match wins; `:name` segments capture (URL-decoded). */
export function createRouter<R extends { method: string; path: string }>(routes: readonly R[]) {
  const compiled = routes.map((route) => ({ route, segments: route.path.split('/').filter(Boolean) }));
  return (method: string, pathname: string): RouteMatch<R> | null => {
    const parts = pathname.split('/').filter(Boolean);
    for (const { route, segments } of compiled) {
      if (route.method !== method || segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segments.length && ok; i++) {
        const seg = segments[i]!;
        if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(parts[i]!);
        else ok = seg === parts[i];
      }
      if (ok) return { route, params };
    }
    return null;
  };
}
