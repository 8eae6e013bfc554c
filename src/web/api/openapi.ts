import { z } from 'zod';
import {
  apiArticleSchema,
  apiErrorSchema,
  articleListQuery,
  articleListSchema,
  searchQuery,
  searchResultsSchema,
  taxonomySchema,
} from './content-api.schemas.js';

/** A JSON Schema for OpenAPI 3.1 (which speaks JSON Schema 2020-12) from a zod schema. */
const schemaOf = (schema: z.ZodType, io: 'input' | 'output' = 'output') => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
};

/** The query parameters of a schema, each with its own JSON Schema and description. */
function parametersOf(schema: z.ZodObject) {
  const json = schemaOf(schema, 'input') as { properties: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(json.properties)
    .filter(([name]) => name !== 'key')
    .map(([name, prop]) => {
      const { description, ...rest } = prop;
      return { name, in: 'query', required: (json.required ?? []).includes(name), ...(description ? { description } : {}), schema: rest };
    });
}

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema: schemaOf(schema) } } });
const errors = {
  '401': json(apiErrorSchema, 'no key, or not a valid one'),
  '404': json(apiErrorSchema, 'no such thing'),
  '422': json(apiErrorSchema, 'a query this API cannot answer, with the reason'),
  '429': json(apiErrorSchema, 'too many requests with this key this minute'),
};

/** `/api/v1/openapi.json`: OpenAPI 3.1, generated from the schemas that parse the requests. */
export function openApiDocument(siteUrl: string) {
  const list = (description: string) => ({
    get: { summary: description, responses: { '200': json(taxonomySchema, description), ...errors } },
  });
  return {
    openapi: '3.1.0',
    info: { title: 'Despatch content API', version: '1', description: 'Read-only access to published stories and how they are filed.' },
    servers: [{ url: `${siteUrl}/api/v1` }],
    security: [{ bearer: [] }, { queryKey: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'a content API key (despatch api-key create NAME)' },
        queryKey: { type: 'apiKey', in: 'query', name: 'key' },
      },
    },
    paths: {
      '/articles': {
        get: {
          summary: 'Published articles, newest first, a page at a time',
          parameters: parametersOf(articleListQuery),
          responses: { '200': json(articleListSchema, 'a page of articles'), ...errors },
        },
      },
      '/articles/{id}': {
        get: {
          summary: 'One published article, with its authors, topics and body unless fields or include say otherwise',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            ...parametersOf(articleListQuery.pick({ fields: true, include: true })),
          ],
          responses: { '200': json(z.object({ data: apiArticleSchema }), 'the article'), ...errors },
        },
      },
      '/search': {
        get: {
          summary: 'Published articles matching a query, best match first, with the passage that matched',
          parameters: parametersOf(searchQuery),
          responses: { '200': json(searchResultsSchema, 'a page of results'), ...errors },
        },
      },
      '/sections': list('Every section'),
      '/topics': list('Every topic'),
      '/series': list('Every series'),
      '/authors': list('Every author'),
    },
  };
}
