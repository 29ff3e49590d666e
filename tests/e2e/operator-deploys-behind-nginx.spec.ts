// An operator deploys the portal as deploy/README.md says: two instances on one PostgreSQL database, one
// Meilisearch and one DATA_DIR, behind nginx with the committed deploy/nginx/health-towns.conf terminating TLS.
// Everything a person does here goes through https:// on nginx; the instances are also called directly where the
// point is what one instance does without the other (cached pages, forwarded headers).
//
// One cluster start serves every part; each part is a step whose failure is recorded and reported at the end, so
// one broken part does not hide the state of the others.
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import postgres from "postgres";
import sharp from "sharp";
import { connect as tlsConnect } from "node:tls";
import { rawRequest, startCluster, type Cluster, type ClusterInstance } from "../support/cluster.ts";
import { act, seededPassword, signIn as signInAs } from "../support/back-office.ts";
import { nginxBinary } from "../support/nginx.ts";
import { postgresServerUrl, postgresSkipReason } from "../support/postgres-server.ts";

const serverUrl = postgresServerUrl();
let cluster: Cluster | undefined;
let sql: postgres.Sql | undefined;
let clusterUpAt = 0;

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "one deployment is enough");
  test.skip(!serverUrl, postgresSkipReason());
  if (!nginxBinary()) {
    if (process.env.CI) throw new Error("CI 必须安装 nginx（.ci/run: apt-get install nginx）");
    test.skip(true, "没有安装 nginx（apt-get install -y nginx）");
  }
  testInfo.setTimeout(150_000);
  cluster = await startCluster({ serverUrl: serverUrl! });
  clusterUpAt = Date.now();
  sql = postgres(cluster.databaseUrl, { max: 2, onnotice: () => {} });
});

test.afterAll(async () => {
  await sql?.end({ timeout: 5 });
  await cluster?.stop();
});


async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ baseURL: cluster!.siteUrl, ignoreHTTPSErrors: true, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
}

const signIn = (browser: Browser, username: string) =>
  signInAs(browser, username, seededPassword(cluster!.seedOutput, username), { baseURL: cluster!.siteUrl, ignoreHTTPSErrors: true });


/** The instance that answered the last logged request matching `match`. */
function answeredBy(match: (method: string, path: string) => boolean): ClusterInstance {
  const line = cluster!.nginx.accessLog().filter((l) => match(l.method, l.path)).at(-1);
  if (!line) throw new Error("no such request in nginx's access log");
  const instance = cluster!.instances.find((i) => i.upstream === line.upstreams.at(-1));
  if (!instance) throw new Error(`request answered by unknown upstream ${line.upstreams.join(", ")}`);
  return instance;
}

/** Failed sign-ins as a form post from a chosen local address (direct to an instance, or through nginx). */
async function failedSignIn(base: string, username: string, opts: { xff?: string; localAddress: string }) {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", origin: cluster!.siteUrl };
  if (opts.xff) headers["x-forwarded-for"] = opts.xff;
  return rawRequest(`${base}/admin/login`, {
    method: "POST",
    headers,
    body: new URLSearchParams({ username, password: "wrong-password-1" }).toString(),
    localAddress: opts.localAddress,
  });
}

async function auditAddresses(usernamePrefix: string): Promise<string[]> {
  const rows = await sql!<{ ip: string | null }[]>`
    select details->>'ip' as ip from audit_log where action = 'login_failed' and actor_label like ${`${usernamePrefix}%`} order by id`;
  return rows.map((r) => r.ip ?? "");
}

test("two instances behind nginx serve citizens and staff over https, share state and trust only nginx's forwarded headers", async ({ browser }, testInfo) => {
  test.setTimeout(150_000);
  const c = cluster!;
  const [one, two] = c.instances as [ClusterInstance, ClusterInstance];
  const failures: string[] = [];
  const passed: string[] = [];
  async function part(name: string, body: () => Promise<void>) {
    try {
      await test.step(name, body);
      passed.push(name);
    } catch (err) {
      const lines = (err as Error).message.split("\n").slice(0, 4).map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l));
      failures.push(`✗ ${name}\n    ${lines.join("\n    ")}`);
    }
  }
  let tracking: { number: string; code: string } | undefined;
  let officer: Page | undefined;

  await part("nginx terminates TLS (h2, TLS ≥ 1.2), redirects http to https and compresses text", async () => {
    const redirect = await rawRequest(`${c.httpUrl}/track?x=1`, { headers: { host: "localhost" } });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe("https://localhost/track?x=1");
    const negotiated = await new Promise<{ protocol: string | null; alpn: string | false | null }>((resolve, reject) => {
      const socket = tlsConnect({ host: "127.0.0.1", port: c.nginx.httpsPort, servername: "localhost", rejectUnauthorized: false, ALPNProtocols: ["h2", "http/1.1"] }, () => {
        resolve({ protocol: socket.getProtocol(), alpn: socket.alpnProtocol });
        socket.end();
      });
      socket.on("error", reject);
    });
    expect(["TLSv1.2", "TLSv1.3"]).toContain(negotiated.protocol);
    expect(negotiated.alpn).toBe("h2");
    const home = await rawRequest(`${c.siteUrl}/`, { headers: { "accept-encoding": "gzip" } });
    expect(home.status).toBe(200);
    expect(home.headers["content-encoding"]).toBe("gzip");
    expect(home.headers.server).toBe("nginx");
  });

  await part("pages through https carry Strict-Transport-Security, Content-Security-Policy and nosniff", async () => {
    for (const path of ["/", "/report", "/admin/login"]) {
      const res = await rawRequest(`${c.siteUrl}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers["strict-transport-security"], `${path} Strict-Transport-Security`).toMatch(/max-age=\d{6,}/);
      expect(res.headers["content-security-policy"], `${path} Content-Security-Policy`).toMatch(/default-src/);
      expect(res.headers["x-content-type-options"], `${path} X-Content-Type-Options`).toBe("nosniff");
    }
  });

  await part("(e) a form post with a forged Origin through nginx is refused with 403", async () => {
    const host = new URL(c.siteUrl).host;
    for (const path of ["/api/reports", "/admin/login", "/track"]) {
      const forged = await rawRequest(`${c.siteUrl}${path}`, {
        method: "POST",
        headers: { host, origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
        body: "username=admin&password=x&trackingNumber=GS1&accessCode=x",
      });
      expect(forged.status, `${path} with Origin https://evil.example`).toBe(403);
    }
    // The same post with the site's own origin gets past the check (and is then judged on its content).
    const own = await rawRequest(`${c.siteUrl}/track`, {
      method: "POST",
      headers: { host, origin: c.siteUrl, "content-type": "application/x-www-form-urlencoded" },
      body: "trackingNumber=GS00000000000000&accessCode=AAAA-AAAA-AA",
    });
    expect(own.status, "/track with the site's Origin").not.toBe(403);
  });

  await part("(a) a citizen files a complaint with a photo through /report and tracks it on /track", async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto("/report?region=150621");
    await expect(page.getByText(/第 \d 步，共 6 步/)).toBeVisible();
    await expect(page.getByLabel("投诉")).toBeChecked();
    await page.getByLabel("问题类别").selectOption({ label: "环境卫生" });
    await page.getByRole("button", { name: "下一步" }).click();
    await page.getByLabel(/具体情况/).fill(`经由反向代理提交：达拉特旗树林召镇农贸市场周边垃圾堆放多日无人清运。${Date.now()}`);
    await page.getByRole("button", { name: "下一步" }).click();
    const photo = await sharp({ create: { width: 160, height: 120, channels: 3, background: "#3a7" } })
      .jpeg()
      .withExif({ IFD0: { Make: "PhoneMaker" } })
      .toBuffer();
    await page.getByLabel(/照片或文件/).setInputFiles({ name: "现场.jpg", mimeType: "image/jpeg", buffer: photo });
    await expect(page.getByText("现场.jpg")).toBeVisible();
    await page.getByRole("button", { name: "下一步" }).click();
    await page.getByRole("button", { name: "下一步" }).click();
    await page.getByRole("button", { name: "提交" }).click();
    await expect(page.getByTestId("receipt")).toContainText("提交成功");
    const number = (await page.getByTestId("tracking-number").textContent())!.trim();
    const code = (await page.getByTestId("access-code").textContent())!.trim();
    expect(number).toMatch(/^GS\d{14}$/);
    tracking = { number, code };

    await page.goto("/track");
    await page.getByLabel("查询编号").fill(number);
    await page.getByLabel("查询码").fill(code);
    await page.getByRole("button", { name: "查询" }).click();
    await expect(page.getByTestId("case-status")).toContainText(`${number}：待受理`);
    expect(page.url()).toMatch(/^https:\/\/localhost:\d+\/track/);
    await page.screenshot({ path: testInfo.outputPath("track-through-nginx.png"), fullPage: true });
    await page.context().close();
  });

  await part("(b) staff sign in through https (officer with TOTP), accept and entrust the case, and open the photo on either instance", async () => {
    if (!tracking) throw new Error("no case from (a) to act on");
    officer = await signIn(browser, "officer");
    await expect(officer).toHaveURL(/\/admin\/enrol/);
    const secret = (await officer.getByTestId("totp-secret").textContent())!.trim();
    await officer.getByLabel("6 位验证码").fill(generateTOTP(decodeBase32IgnorePadding(secret), 30, 6));
    await officer.getByRole("button", { name: "确认绑定" }).click();
    await expect(officer.getByTestId("recovery-codes").locator("li")).toHaveCount(8);

    await officer.goto(`/admin/cases?queue=unassigned&q=${tracking.number}`);
    await officer.getByRole("link", { name: tracking.number }).click();
    await expect(officer.getByTestId("case-state")).toHaveText("待受理");
    await act(officer, "受理");
    await expect(officer.getByTestId("case-state")).toHaveText("已受理");
    await act(officer, "交办", async (f) => expect(f.getByLabel("交办单位")).toHaveValue("unit-150600"));
    await expect(officer.getByTestId("case-state")).toHaveText("已交办");
    const evidence = officer.getByTestId("case-evidence").getByRole("link", { name: "现场.jpg" });
    const href = (await evidence.getAttribute("href"))!;
    expect(href).toMatch(/^\/admin\/cases\/[^/]+\/evidence\/[^/]+$/);

    // The 鄂尔多斯市 handler (no second factor) finds it in their queue and opens the photo too.
    const handler = await signIn(browser, "handler");
    await expect(handler).toHaveURL(/\/admin$/);
    await handler.goto("/admin/cases?queue=mine");
    await handler.getByRole("link", { name: tracking.number }).click();
    await expect(handler.getByTestId("case-evidence")).toContainText("现场.jpg");

    // Round robin sends these to both instances; each serves the file from the shared DATA_DIR.
    const servedBy = () => new Set(c.nginx.accessLog().filter((l) => l.path === href && l.status === 200).map((l) => l.upstreams.at(-1)));
    for (let i = 0; i < 8 && (i < 4 || servedBy().size < 2); i++) {
      const res = await (i % 2 ? handler : officer).request.get(href);
      expect(res.status()).toBe(200);
      expect(res.headers()["content-type"]).toMatch(/^image\/jpeg/);
      const bytes = await res.body();
      expect(bytes.subarray(0, 3).toString("hex")).toBe("ffd8ff");
      expect(bytes.includes("PhoneMaker")).toBe(false); // EXIF stripped on intake
    }
    await expect.poll(() => [...servedBy()].sort(), { message: "instances that served the photo" }).toEqual([one.upstream, two.upstream].sort());
    await handler.context().close();
  });

  await part("the staff session cookie through https is Secure, HttpOnly and named with the __Host- prefix", async () => {
    if (!officer) throw new Error("no signed-in officer from (b)");
    const session = (await officer.context().cookies()).find((k) => /htp_session/.test(k.name));
    expect(session, "a session cookie").toBeTruthy();
    expect(session).toMatchObject({ name: "__Host-htp_session", secure: true, httpOnly: true, sameSite: "Lax", path: "/" });
    expect(session!.domain).toBe("localhost");
  });

  await part("(c) a notice published through one instance shows on the other instance's cached pages within 3 s", async () => {
    if (!officer) throw new Error("no signed-in officer from (b)");
    const title = `关于双实例部署发布测试的通知${Date.now().toString(36)}`;
    await officer.goto("/admin/publish/notices/new");
    await officer.getByLabel("标题", { exact: true }).fill(title);
    await officer.getByLabel("正文（Markdown）").fill("经反向代理发布的测试通知正文。");
    await officer.getByRole("button", { name: "保存草稿" }).click();
    await expect(officer).toHaveURL(/\/admin\/publish\/notices\/\d+\?done=/);
    const draftPath = new URL(officer.url()).pathname;

    // Both instances hold the notices list in their page cache.
    for (const instance of c.instances) {
      await expect
        .poll(async () => (await fetch(`${instance.url}/notices`)).headers.get("x-cache"), { message: `${instance.upstream} serves /notices from its cache`, timeout: 5_000 })
        .toBe("HIT");
      expect(await (await fetch(`${instance.url}/notices`)).text()).not.toContain(title);
    }

    await officer.getByRole("button", { name: "发布", exact: true }).click();
    await expect(officer.getByText("状态：已发布")).toBeVisible();
    const published = Date.now();
    const publisher = answeredBy((method, path) => method === "POST" && path.split("?")[0] === draftPath);
    const other = c.instances.find((i) => i !== publisher)!;
    // Each instance drops its page cache when it sees the outbox move (src/server/cache.ts), the publisher included.
    const seenAfter = new Map<ClusterInstance, number>();
    while (seenAfter.size < c.instances.length && Date.now() - published < 5_000) {
      for (const instance of c.instances) {
        if (seenAfter.has(instance)) continue;
        if ((await (await fetch(`${instance.url}/notices`)).text()).includes(title)) seenAfter.set(instance, Date.now() - published);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    console.log(`notice published through ${publisher.upstream}; on ${other.upstream}'s cached /notices after ${seenAfter.get(other) ?? "never"} ms, on the publisher's after ${seenAfter.get(publisher) ?? "never"} ms`);
    expect(seenAfter.get(other) ?? Infinity, "ms until visible on the other instance").toBeLessThan(3_000);
    expect(seenAfter.get(publisher) ?? Infinity, "ms until visible on the publishing instance").toBeLessThan(3_000);
  });

  await part("(d) the scheduler runs once per 5 s tick across both instances", async () => {
    // Ticks are floor(epoch seconds / 5): look at the first three whole ticks (15 s) after both instances were up.
    const first = Math.ceil(clusterUpAt / 5000);
    const wait = (first + 3) * 5000 + 500 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const now = Date.now();
    const last = Math.floor(now / 5000) - 1; // the last complete tick
    const rows = await sql!<{ tick: string; instance: string }[]>`
      select tick::text as tick, instance from scheduler_ticks where tick between ${first} and ${last} order by tick`;
    const ticks = rows.map((r) => Number(r.tick));
    const expected = last - first + 1;
    console.log(`scheduler: ${rows.length} runs in ${expected} ticks of 5 s (${((now - clusterUpAt) / 1000).toFixed(1)} s); by ${[...new Set(rows.map((r) => r.instance))].join(", ")}`);
    expect(new Set(ticks).size, "no tick ran twice").toBe(ticks.length);
    expect(rows.length).toBeGreaterThanOrEqual(expected - 1);
    expect(rows.length).toBeLessThanOrEqual(expected);
    for (const instance of c.instances) expect((await fetch(`${instance.url}/`)).status, `${instance.upstream} alive`).toBe(200);
  });

  await part("(f) X-Forwarded-For sent straight to an instance (not through nginx) is ignored", async () => {
    // Straight to an instance from 127.0.0.2, each attempt claiming another address: the per-IP limit (30 failures
    // per 15 minutes) still trips, because the limit is counted by the real peer, not by the header.
    let last: Awaited<ReturnType<typeof failedSignIn>> | undefined;
    for (let i = 1; i <= 32; i++) {
      last = await failedSignIn(one.url, `spoof-${i}`, { xff: `203.0.113.${i}`, localAddress: "127.0.0.2" });
      if (last.status === 403) throw new Error("the instance refused the sign-in form's Origin (SITE_URL)");
    }
    const direct = await auditAddresses("spoof-");
    const spoofed = direct.filter((ip) => ip.startsWith("203.0.113."));
    expect(spoofed, `audit log keyed ${spoofed.length} of ${direct.length} failed sign-ins by the spoofed header (${spoofed.slice(0, 3).join(", ")} …) instead of the peer 127.0.0.2`).toEqual([]);
    expect(last!.status === 429 || last!.body.includes("次数过多"), `32nd attempt throttled (status ${last!.status})`).toBe(true);
  });

  await part("(f) through nginx, the client address is the one nginx appended to X-Forwarded-For (one hop from the right)", async () => {
    // Through nginx from 127.0.0.3 with a spoofed header: the address is the one nginx appended, one hop from the right.
    const via = await failedSignIn(c.siteUrl, "via-nginx", { xff: "203.0.113.9", localAddress: "127.0.0.3" });
    expect(via.status).toBe(401);
    expect(await auditAddresses("via-nginx")).toEqual(["127.0.0.3"]);
    // nginx logs a request just after answering it.
    await expect
      .poll(() => c.nginx.accessLog().filter((l) => l.method === "POST" && l.path === "/admin/login" && l.xff === "203.0.113.9").map((l) => l.remote))
      .toEqual(["127.0.0.3"]);
  });

  await part("requests through nginx landed on both instances", async () => {
    const counts = new Map<string, number>();
    for (const line of c.nginx.accessLog()) for (const u of line.upstreams.slice(-1)) counts.set(u, (counts.get(u) ?? 0) + 1);
    console.log(`requests per instance: ${[...counts].map(([u, n]) => `${u} ${n}`).join(", ")}`);
    for (const instance of c.instances) expect(counts.get(instance.upstream) ?? 0, instance.upstream).toBeGreaterThanOrEqual(10);
    expect(c.nginx.errorLog()).not.toMatch(/\[(error|crit|alert|emerg)\]/);
  });

  await part("with one instance stopped, nginx answers every request from the other", async () => {
    await two.stop();
    for (let i = 0; i < 6; i++) {
      const res = await rawRequest(`${c.siteUrl}/notices?probe=${i}`);
      const line = c.nginx.accessLog().at(-1);
      expect(res.status, `request ${i + 1} with ${two.upstream} down: ${res.body.slice(0, 120)} [${JSON.stringify(line)}] ${c.nginx.errorLog().split("\n").slice(-3).join(" | ")}`).toBe(200);
    }
    const answered = () => c.nginx.accessLog().filter((l) => l.path.startsWith("/notices?probe=")).map((l) => l.upstreams.at(-1));
    await expect.poll(answered).toEqual(Array(6).fill(one.upstream));
  });

  console.log(`passed:\n${passed.map((p) => `✓ ${p}`).join("\n")}`);
  expect(failures, `${failures.length} of ${failures.length + passed.length} parts failed:\n${failures.join("\n")}`).toEqual([]);
});
