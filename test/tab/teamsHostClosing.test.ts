/**
 * The simulated Teams client is closed at the end of every browser file, often with the tab's
 * requests still on their way through it. Closing must drop them: a request fulfilled after its
 * context closed fails whichever test runs then (CI saw it fail a whole file on a busy machine).
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { APP_ORIGIN, closeTeamsHosts, routeTeamsHost, TEAMS_HOST_URL } from '../support/teamsHost';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 90_000);
afterAll(() => browser?.close());

it('drops the tab requests still in flight when it closes, failing nothing', async () => {
  let answered = 0;
  const app = createServer((_request, response) => {
    answered += 1;
    app.emit('answered');
    // Answers come back in a different order than asked, as a busy app's do.
    setImmediate(() => response.end('ok'.repeat(500)));
  });
  app.listen(0, '127.0.0.1');
  await once(app, 'listening');
  const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  const failures: unknown[] = [];
  const noteFailure = (reason: unknown) => failures.push(String(reason));
  process.on('unhandledRejection', noteFailure);
  try {
    for (let round = 0; round < 5; round += 1) {
      const context = await browser.newContext();
      await routeTeamsHost(context, {
        appUrl,
        token: 't',
        userOid: 'u',
        userName: 'U',
        tenantId: 't',
        chatId: 'c',
        meetingId: 'm',
        theme: 'default',
      });
      const page = await context.newPage();
      await page.goto(TEAMS_HOST_URL);
      // The tab keeps asking the app, twenty requests at a time, until it is closed.
      await page.evaluate((origin) => {
        for (let lane = 0; lane < 20; lane += 1)
          void (async () => {
            for (;;) await fetch(`${origin}/api/me`).catch(() => undefined);
          })();
      }, APP_ORIGIN);
      const enough = answered + 40;
      while (answered < enough) await once(app, 'answered');
      await closeTeamsHosts([context]);
    }
  } finally {
    process.off('unhandledRejection', noteFailure);
    app.closeAllConnections();
    app.close();
  }
  expect(failures).toEqual([]);
}, 90_000);
