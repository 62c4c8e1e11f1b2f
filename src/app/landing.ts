/** The page at `/` when the web console is not built (`npm run build:web`): where things are and how to send a first event. */
export interface LandingInfo {
  url: string;
  syslogPort?: number | undefined;
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function landingPage(info: LandingInfo): string {
  const hec = `curl -s ${info.url}/services/collector/event -H "Authorization: Splunk $VIGIL_TOKEN" -d '{"event":"hello from curl","sourcetype":"syslog"}'`;
  const sys = info.syslogPort
    ? `logger -n 127.0.0.1 -P ${info.syslogPort} -T --rfc5424 "hello from logger"`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vigil</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;background:#0f1419;color:#e6e6e6;max-width:860px;margin:40px auto;padding:0 16px}
code,pre{background:#1c232b;padding:2px 6px;border-radius:4px}pre{padding:12px;overflow:auto}a{color:#7cc4ff}</style></head>
<body><h1>Vigil</h1>
<p>Vigil is running, but its web console is not built here. Build it with <code>npm run build:web</code> (<code>npm start</code> does it when needed) and reload this page. Meanwhile you can send events and search them through the API and the CLI.</p>
<h2>Send events</h2>
<p>Create a token: <code>npx vigil token create --source myapp</code>, then</p>
<pre>export VIGIL_TOKEN=…\n${esc(hec)}</pre>
${sys ? `<p>Syslog (UDP and TCP):</p><pre>${esc(sys)}</pre>` : ''}
<h2>Search</h2>
<pre>npx vigil demo            # a synthetic day of Windows, Linux, network and cloud events
npx vigil search 'event.code:4625' --from now-24h</pre>
<h2>API</h2>
<p><a href="/api/openapi.json">OpenAPI document</a> · <a href="/healthz">/healthz</a> · <a href="/readyz">/readyz</a></p>
</body></html>`;
}
