/** The add-in's hosting: a private S3 bucket served by CloudFront with origin access control. */
import { existsSync } from 'node:fs';
import { Distribution, HttpVersion, ViewerProtocolPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Duration, RemovalPolicy } from 'aws-cdk-lib/core';
import type { Construct } from 'constructs';
import { StackPart } from './part';

export interface HostingProps {
  /** The add-in's origin when it is not the distribution's own `https://<id>.cloudfront.net`. */
  readonly addinOrigin?: string;
  /** A built add-in (`dist/addin`) to upload; nothing is uploaded without it. */
  readonly addinAssetDir?: string;
}

export class Hosting extends StackPart {
  readonly siteBucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<distribution domain>`. */
  readonly distributionUrl: string;
  /** Where the add-in is served from: `addinOrigin`, or the distribution's own URL. */
  readonly addinOrigin: string;

  constructor(scope: Construct, id: string, props: HostingProps = {}) {
    super(scope, id);
    this.siteBucket = new Bucket(this, 'AddinSite', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.distribution = new Distribution(this, 'AddinCdn', {
      comment: 'Shishi Excel add-in',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.siteBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
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
}
