/** The data: the single table (or a restored one to serve instead) and the files bucket. */
import { AttributeType, Billing, type ITableV2, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { Duration, RemovalPolicy } from 'aws-cdk-lib/core';
import type { Construct } from 'constructs';
import { StackPart } from './part';
import { TABLE_SCHEMA } from './table-schema';

export interface DataProps {
  /**
   * Serve another existing table instead of the stack's own — a table restored from a backup or
   * to a point in time. The stack's own table stays (it is retained).
   */
  readonly servedTable?: string;
}

export class Data extends StackPart {
  /** The stack's own table (point-in-time recovery, deletion protection, retained). */
  readonly ownTable: TableV2;
  /** The table the functions use: the stack's own, or `servedTable`. */
  readonly table: ITableV2;
  /** Summary workbooks and uploads: private, versioned, retained. */
  readonly filesBucket: Bucket;

  constructor(scope: Construct, id: string, props: DataProps = {}) {
    super(scope, id);
    const { partitionKey, sortKey, byYear } = TABLE_SCHEMA;
    this.ownTable = new TableV2(this, 'Table', {
      partitionKey: { name: partitionKey, type: AttributeType.STRING },
      sortKey: { name: sortKey, type: AttributeType.STRING },
      globalSecondaryIndexes: [
        {
          indexName: byYear.indexName,
          partitionKey: { name: byYear.partitionKey, type: AttributeType.STRING },
          sortKey: { name: byYear.sortKey, type: AttributeType.STRING },
        },
      ],
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryptionV2.awsManagedKey(),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table = props.servedTable
      ? TableV2.fromTableAttributes(this, 'ServedTable', {
          tableName: props.servedTable,
          globalIndexes: [byYear.indexName],
        })
      : this.ownTable;

    this.filesBucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        {
          id: 'summaries-to-infrequent-access',
          prefix: 'summaries/',
          transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }],
        },
        // Files are written once and never overwritten; old versions only appear by mistake.
        { id: 'expire-noncurrent-versions', noncurrentVersionExpiration: Duration.days(365) },
      ],
    });
  }
}
