/** The add-in's pages: security headers that Office can live with (it shows the pane in an iframe). */
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ORIGIN, templateOf } from './testing';

const template = templateOf({ addinOrigin: ORIGIN });

type Headers = {
  StrictTransportSecurity?: { AccessControlMaxAgeSec: number; IncludeSubdomains: boolean; Override: boolean };
  ContentTypeOptions?: { Override: boolean };
  FrameOptions?: unknown;
  ReferrerPolicy?: { ReferrerPolicy: string };
  ContentSecurityPolicy?: { ContentSecurityPolicy: unknown };
};

function headersOf(t: Template): { id: string; security: Headers } {
  const policies = Object.entries(t.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
  expect(policies).toHaveLength(1);
  const [id, p] = policies[0]!;
  return { id, security: p.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig };
}

/** The CSP as one string, its tokens written as `{…}` (their JSON). */
function cspOf(t: Template): string {
  const csp = headersOf(t).security.ContentSecurityPolicy?.ContentSecurityPolicy;
  if (typeof csp === 'string') return csp;
  const parts = (csp as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  return parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join('');
}
const directive = (csp: string, name: string) =>
  csp
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `));

describe('the add-in’s response headers', () => {
  it('are on the distribution’s default behaviour', () => {
    const { id } = headersOf(template);
    const [cdn] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
    expect(cdn!.Properties.DistributionConfig.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({
      Ref: id,
    });
  });

  it('send HSTS for two years, subdomains included, and nosniff', () => {
    const { security } = headersOf(template);
    expect(security.StrictTransportSecurity).toEqual({
      AccessControlMaxAgeSec: 63_072_000,
      IncludeSubdomains: true,
      Override: true,
    });
    expect(security.ContentTypeOptions).toEqual({ Override: true });
    expect(security.ReferrerPolicy).toMatchObject({ ReferrerPolicy: 'strict-origin-when-cross-origin' });
  });

  it('send no X-Frame-Options (Office frames the pane): frame-ancestors names Office’s hosts instead', () => {
    const { security } = headersOf(template);
    expect(security.FrameOptions).toBeUndefined();
    const ancestors = directive(cspOf(template), 'frame-ancestors');
    for (const host of ['https://*.officeapps.live.com', 'https://*.office.com', 'https://*.sharepoint.com'])
      expect(ancestors).toContain(host);
    expect(ancestors).not.toContain('*;');
    expect(ancestors?.split(' ')).not.toContain('*');
  });

  it('let Office.js load from Microsoft’s CDN, and no other script but the pages’ own', () => {
    const scripts = directive(cspOf(template), 'script-src');
    expect(scripts).toContain('https://appsforoffice.microsoft.com');
    expect(scripts).toContain("'self'");
    expect(scripts).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*/);
    expect(directive(cspOf(template), 'default-src')).toBe("default-src 'self'");
    expect(directive(cspOf(template), 'object-src')).toBe("object-src 'none'");
  });

  it('let the pane call the API (its own origin when the add-in’s is given) and the sign-in', () => {
    const connect = directive(cspOf(template), 'connect-src');
    // `https://<api id>.execute-api.<region>.amazonaws.com`.
    expect(connect).toMatch(/ \{"Fn::GetAtt":\["Api[0-9A-F]{8}","ApiEndpoint"\]\} /);
    expect(connect).not.toContain('*');
    expect(connect).toMatch(
      /https:\/\/\{"Ref":"UsersHostedUi[0-9A-F]{8}"\}\.auth\.us-east-1\.amazoncognito\.com/,
    );
  });

  it('let the pane call any API of the region when CORS names the distribution (no cycle)', () => {
    const t = templateOf();
    expect(directive(cspOf(t), 'connect-src')).toContain('https://*.execute-api.us-east-1.');
    expect(cyclesOf(t)).toEqual([]);
    expect(cyclesOf(template)).toEqual([]);
  });
});

/** Resources that depend on themselves through Ref, GetAtt or DependsOn. */
function cyclesOf(t: Template): string[] {
  const resources = t.toJSON().Resources as Record<string, { DependsOn?: string | string[] }>;
  const edges = new Map<string, Set<string>>();
  for (const [id, r] of Object.entries(resources)) {
    const json = JSON.stringify(r);
    const to = new Set<string>([r.DependsOn ?? []].flat());
    for (const m of json.matchAll(/"Ref":"([A-Za-z0-9]+)"|"Fn::GetAtt":\["([A-Za-z0-9]+)"/g))
      to.add(m[1] ?? m[2]!);
    edges.set(id, new Set([...to].filter((x) => x in resources)));
  }
  const cyclic: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string): void => {
    state.set(id, 'open');
    for (const next of edges.get(id) ?? []) {
      if (state.get(next) === 'open') cyclic.push(`${id} → ${next}`);
      else if (!state.has(next)) visit(next);
    }
    state.set(id, 'done');
  };
  for (const id of edges.keys()) if (!state.has(id)) visit(id);
  return cyclic;
}
