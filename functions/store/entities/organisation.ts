/**
 * Organisations (`ORG#<org>` / `ORG`, on the byYear index under `ORGS`): the district (or city)
 * each record belongs to, with its name, level and parent. Written with every plan version, from
 * the plan's own `organisation`, so the list follows what the organisations set up; never deleted.
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Organisation } from '../../../domain/plan';
import { ORG_SK, ORGS_GSI_PK, orgPk, TABLE_INDEX_BY_YEAR } from '../keys';
import type { Item, Key, UpdateRequest } from './item';

export type { Organisation };

export const organisationKey = (org: string): Key => ({ pk: orgPk(org), sk: ORG_SK });

/** Creates the organisation's item or brings its name, level and parent up to the newest plan. */
export function organisationUpdate(table: string, o: Organisation, at: string): UpdateRequest {
  return {
    Update: {
      TableName: table,
      Key: organisationKey(o.id),
      UpdateExpression: `SET #type = :type, id = :id, #name = :name, #level = :level, gsi1pk = :gpk, gsi1sk = :id, updatedAt = :at${o.parent ? ', parent = :parent' : ' REMOVE parent'}`,
      ExpressionAttributeNames: { '#type': 'type', '#name': 'name', '#level': 'level' },
      ExpressionAttributeValues: {
        ':type': 'organisation',
        ':id': o.id,
        ':name': o.name,
        ':level': o.level,
        ':gpk': ORGS_GSI_PK,
        ':at': at,
        ...(o.parent ? { ':parent': o.parent } : {}),
      },
    },
  };
}

export function organisationsQuery(table: string): QueryCommandInput {
  return {
    TableName: table,
    IndexName: TABLE_INDEX_BY_YEAR,
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': ORGS_GSI_PK },
  };
}

export function organisationOf(item: Item): Organisation {
  return {
    id: item.id as string,
    name: item.name as string,
    level: item.level as Organisation['level'],
    ...(item.parent ? { parent: item.parent as NonNullable<Organisation['parent']> } : {}),
  };
}
