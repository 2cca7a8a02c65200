/**
 * The add-in's hosting: a private S3 bucket served by CloudFront with origin access control, and
 * security headers on every answer (`ResponseHeadersPolicy`): HSTS, `nosniff`, a referrer policy
 * and a content security policy for a page that Office shows in an iframe — so no
 * `X-Frame-Options` (it cannot name Office's hosts), `frame-ancestors` instead.
 */
import { existsSync } from 'node:fs';
import {
  Distribution,
  HeadersReferrerPolicy,
  HttpVersion,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Duration, Lazy, RemovalPolicy } from 'aws-cdk-lib/core';
import type { Construct } from 'constructs';
import { StackPart } from './part';

export interface HostingProps {
  /** The add-in's origin when it is not the distribution's own `https://<id>.cloudfront.net`. */
  readonly addinOrigin?: string;
  /** A built add-in (`dist/addin`) to upload; nothing is uploaded without it. */
  readonly addinAssetDir?: string;
}

/**
 * Where Office shows the pane in an iframe (Office on the web: Microsoft 365, its `cloud.microsoft`
 * domains, SharePoint and OneDrive; and the same operated by 21Vianet in China). Office on
 * Windows and Mac shows it in a webview of its own, with no ancestor.
 */
export const OFFICE_FRAME_ANCESTORS = [
  'https://*.officeapps.live.com',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.cloud.microsoft',
  'https://*.sharepoint.com',
  'https://onedrive.live.com',
  'https://*.partner.office365.cn',
  'https://*.sharepoint.cn',
] as const;

/**
 * Office.js and what it loads: Microsoft's CDN (it cannot be bundled, addin/taskpane.html), and the
 * Microsoft Ajax library it fetches on some hosts.
 */
export const OFFICE_SCRIPT_SOURCES = [
  'https://appsforoffice.microsoft.com',
  'https://ajax.aspnetcdn.com',
] as const;

/**
 * The content security policy of the add-in's pages: its own scripts and Office.js; inline styles
 * (the pages' own, and Fluent UI's, which it inserts at run time); `connectTo` the API and the
 * sign-in; framed only by Office; no plugins, no `<base>`, forms only to itself.
 */
export function contentSecurityPolicy(connectTo: readonly string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${OFFICE_SCRIPT_SOURCES.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${connectTo.join(' ')}`.trim(),
    `frame-ancestors 'self' ${OFFICE_FRAME_ANCESTORS.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

export class Hosting extends StackPart {
  readonly siteBucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<distribution domain>`. */
  readonly distributionUrl: string;
  /** Where the add-in is served from: `addinOrigin`, or the distribution's own URL. */
  readonly addinOrigin: string;
  /** The headers every answer carries. */
  readonly headers: ResponseHeadersPolicy;
  private readonly connectSources: string[] = [];

  constructor(scope: Construct, id: string, props: HostingProps = {}) {
    super(scope, id);
    this.siteBucket = new Bucket(this, 'AddinSite', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.headers = new ResponseHeadersPolicy(this, 'AddinHeaders', {
      comment: 'Shishi add-in: HSTS, nosniff, referrer policy, CSP framed by Office',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        // What the pane connects to is known once the API and the sign-in exist (`connectTo`).
        contentSecurityPolicy: {
          contentSecurityPolicy: Lazy.string({ produce: () => contentSecurityPolicy(this.connectSources) }),
          override: true,
        },
      },
    });
    this.distribution = new Distribution(this, 'AddinCdn', {
      comment: 'Shishi Excel add-in',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.siteBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: this.headers,
      },
      defaultRootObject: 'taskpane.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
    });
    this.distributionUrl = `https://${this.distribution.distributionDomainName}`;
    this.addinOrigin = props.addinOrigin ?? this.distributionUrl;
    if (props.addinAssetDir && existsSync(props.addinAssetDir)) {
      // No CloudFront invalidation (its IAM action would need resource `*`): a short max-age
      // lets a new deployment show within minutes instead.
      new BucketDeployment(this, 'AddinFiles', {
        sources: [Source.asset(props.addinAssetDir)],
        destinationBucket: this.siteBucket,
        cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.minutes(5))],
        memoryLimit: 512,
      });
    }
  }

  /** Lets the pages connect to `origin` (the API, the sign-in's token endpoint). */
  connectTo(origin: string): void {
    this.connectSources.push(origin);
  }
}
