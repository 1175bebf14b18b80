import { afterEach, describe, expect, it, vi } from 'vitest';
import { getFamilyWatch, getReport, listReports } from './watchReports';
import { ApiError } from './errors';
import { stubFetch } from '@/testing/stubFetch';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('watch reports API', () => {
  it('reads staff reports through the person routes and the family through its own', async () => {
    const calls = stubFetch({ items: [], next_cursor: null });
    await listReports('p 1', 'staff');
    await listReports('p1', 'family', 'cur 1', 5);
    expect(calls().map(([u]) => u)).toEqual([
      '/api/v1/persons/p%201/watch/reports',
      '/api/v1/family/persons/p1/watch/reports?cursor=cur+1&limit=5',
    ]);
  });

  it('asks for one report by its id, escaped, and for the family status', async () => {
    const calls = stubFetch({ id: 'r/1' });
    await getReport('p1', 'r/1', 'family');
    await getReport('p1', 'r1', 'staff');
    await getFamilyWatch('p1');
    expect(calls().map(([u]) => u)).toEqual([
      '/api/v1/family/persons/p1/watch/reports/r%2F1',
      '/api/v1/persons/p1/watch/reports/r1',
      '/api/v1/family/persons/p1/watch',
    ]);
    for (const [, init] of calls()) expect(init.method ?? 'GET').toBe('GET');
  });

  it('turns a refusal into an ApiError with its status', async () => {
    stubFetch({ error: { code: 'forbidden', message: 'no watch access' } }, 403);
    await expect(getFamilyWatch('p1')).rejects.toSatisfy((e: unknown) => e instanceof ApiError && e.status === 403);
  });
});
