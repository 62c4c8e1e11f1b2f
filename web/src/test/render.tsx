/** Renders a component as the app does (theme, data layer, router) for component tests. */
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { theme } from '../app/theme.ts';

export function renderWithApp(ui: ReactElement, opts: { path?: string } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <MantineProvider theme={theme} defaultColorScheme="dark">
      <QueryClientProvider client={client}>
        <MemoryRouter initialEntries={[opts.path ?? '/']}>{children}</MemoryRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
  return render(ui, { wrapper });
}

/** A fetch that answers JSON by path, recording each request. */
export function fakeFetch(answers: Record<string, unknown>) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fn = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, init });
    const path = url.split('?')[0] ?? url;
    if (!(path in answers))
      return new Response(JSON.stringify({ status: 404, code: 'not_found', detail: `no ${path}` }), {
        status: 404,
        headers: { 'content-type': 'application/problem+json' },
      });
    return new Response(JSON.stringify(answers[path]), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fn: fn as typeof fetch, calls };
}
