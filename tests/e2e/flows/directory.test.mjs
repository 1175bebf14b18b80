// The directory: a staff user finds a colleague by kana (katakana, hiragana and half-width kana
// all match), opens the colleague's organization and sees its staff.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, withPage } from '../lib/browser.mjs';
import { field, signInFirstTime } from '../lib/ui.mjs';

const ORG = 'ぐんじょう居宅介護支援事業所';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/// Searches for `text` and waits until `gone` has left the results (so they are the new ones).
async function search(page, text, gone) {
  const results = page.getByRole('region', { name: '検索結果' });
  await field(page, '名前またはカナ').fill(text);
  await page.getByRole('search', { name: '職員の検索' }).getByRole('button', { name: '検索' }).click();
  await results.getByRole('link', { name: gone }).waitFor({ state: 'detached' });
  return results;
}

test('staff search by kana finds a colleague; the organization page lists its staff', async (t) => {
  await withPage(browser, t.name, {}, async (page) => {
    await signInFirstTime(page, server.base, 'dr.mori', '森 直子');
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '名簿' }).click();
    await page.getByRole('heading', { level: 1, name: '名簿: 職員' }).waitFor();
    const results = page.getByRole('region', { name: '検索結果' });
    // Everyone is listed before searching.
    await results.getByRole('link', { name: '加藤 由紀' }).waitFor();

    for (const [text, gone] of [['サトウ', '加藤 由紀'], ['かとう', '佐藤 花子'], ['さとう', '加藤 由紀'], ['ｶﾄｳ', '佐藤 花子']]) {
      await search(page, text, gone);
      const want = gone === '加藤 由紀' ? '佐藤 花子' : '加藤 由紀';
      await results.getByRole('link', { name: want }).waitFor();
      assert.equal(await results.getByRole('link', { name: '森 直子' }).count(), 0, `${text} matches only the kana`);
      assert.equal(new URL(page.url()).searchParams.get('q'), text, 'the criteria stay in the address');
    }
    await search(page, 'ゾゾゾ', '加藤 由紀');
    await results.getByText('条件に合う職員はいません。').waitFor();

    await field(page, '名前またはカナ').fill('さとう');
    await page.getByRole('search', { name: '職員の検索' }).getByRole('button', { name: '検索' }).click();
    await results.getByRole('link', { name: '佐藤 花子' }).click();
    await page.getByRole('heading', { level: 1, name: /^佐藤 花子/ }).waitFor();
    await page.getByRole('region', { name: '所属' }).getByRole('link', { name: ORG }).click();

    await page.getByRole('heading', { level: 1, name: ORG }).waitFor();
    assert.equal(await page.title(), `${ORG} | つながり`);
    await page.getByText('グンジョウキョタクカイゴシエンジギョウショ').waitFor();
    const staff = page.getByRole('region', { name: '職員', exact: true });
    await staff.getByRole('link', { name: '加藤 由紀' }).waitFor();
    const items = staff.getByRole('listitem');
    const texts = (await items.allTextContents()).map((s) => s.replace(/\s+/g, ' '));
    assert.equal(texts.length, 2, texts.join(' / '));
    assert.ok(texts.some((s) => s.includes('加藤 由紀') && s.includes('事業所管理者')), texts.join(' / '));
    assert.ok(texts.some((s) => s.includes('佐藤 花子') && s.includes('介護支援専門員')), texts.join(' / '));
    // A member of another organization is not offered to administer it.
    assert.equal(await page.getByRole('link', { name: 'この事業所を管理する' }).count(), 0);
  });
});
