import { routeKey } from './access-matrix.ts';

export interface RegisteredRoute {
  method: string;
  url: string;
  /** The route's schema hides it from the OpenAPI document (the docs UI's own routes). */
  hidden: boolean;
  /** The route's schema as registered (body, params, querystring, headers, response), if any. */
  schema?: Readonly<Record<string, unknown>>;
}

/** `/a/:id/b` → a regular expression matching concrete paths of that route. */
function patternOf(url: string): RegExp {
  let source = '';
  for (const part of url.split(/(:[A-Za-z0-9_]+|\*)/)) {
    if (part === '*') source += '.*';
    else if (part.startsWith(':')) source += '[^/]+';
    else source += part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}/?$`);
}

/**
 * Every route the server registered, collected from the onRoute hook: for the 405 answer
 * (which methods a path has) and for checking the access matrix against reality.
 */
export class RouteTable {
  readonly #routes: (RegisteredRoute & { pattern: RegExp })[] = [];

  add(method: string, url: string, hidden: boolean, schema?: Readonly<Record<string, unknown>>): void {
    this.#routes.push({ method: method.toUpperCase(), url, hidden, pattern: patternOf(url), ...(schema === undefined ? {} : { schema }) });
  }

  list(): RegisteredRoute[] {
    return this.#routes.map(({ method, url, hidden, schema }) => ({ method, url, hidden, ...(schema === undefined ? {} : { schema }) }));
  }

  /** Matrix keys of the routes under /api (HEAD folded into GET). */
  apiKeys(): string[] {
    return [...new Set(this.#routes.filter((r) => r.url.startsWith('/api/')).map((r) => routeKey(r.method, r.url)))];
  }

  allowedMethods(path: string): string[] {
    const methods = new Set<string>();
    for (const r of this.#routes) if (r.pattern.test(path)) methods.add(r.method);
    return [...methods].sort();
  }
}
