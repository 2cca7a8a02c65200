/** Alarms: the errors and the throttles of every function (no notification target yet). */
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Duration } from 'aws-cdk-lib/core';
import type { Construct } from 'constructs';
import { pascal, StackPart } from './part';

export interface AlarmsProps {
  /** The functions to watch, by the name their alarms are described with. */
  readonly functions: ReadonlyMap<string, IFunction>;
}

export class Alarms extends StackPart {
  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    for (const [name, fn] of props.functions) {
      for (const [kind, metric] of [
        ['Errors', fn.metricErrors({ period: Duration.minutes(5) })],
        ['Throttles', fn.metricThrottles({ period: Duration.minutes(5) })],
      ] as const) {
        new Alarm(this, `${pascal(name)}${kind}Alarm`, {
          alarmDescription: `Shishi ${name}: Lambda ${kind.toLowerCase()}`,
          metric,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        });
      }
    }
  }
}
