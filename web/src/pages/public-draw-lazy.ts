import type { FunctionComponent } from 'preact';
import { html, Show, useLoad } from '../ui.ts';

/** The public draw page, loaded on first use: its verifier is most of the console's code. */
export function LazyPublicDrawPage({ planId }: { planId: string }) {
  const [load] = useLoad(async () => (await import('./public-draw.ts')).PublicDrawPage as FunctionComponent<{ planId: string }>, []);
  return html`<${Show} load=${load}>${(Page: FunctionComponent<{ planId: string }>) => html`<${Page} planId=${planId} />`}<//>`;
}
