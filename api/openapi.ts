import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { SECURITY_SCHEMES } from './securitySchemes';
import { validatorCompiler } from './validation';

declare module 'fastify' {
  interface FastifySchema {
    /**
     * What a route reads itself rather than through fastify's checks: a webhook's body, whose signature covers the raw
     * bytes, and the URL and headers it checks in its own order around the signature; a form answered with a page. In
     * the document; never checked by fastify.
     */
    readByHandler?: { params?: z.ZodObject; body?: z.ZodType; headers?: z.ZodObject };
    /** How a route whose signature rides in the body is authenticated (no OpenAPI security scheme can say that). */
    'x-signed-body'?: string;
  }
}

const OPENAPI_PATH = '/openapi.json';
const DOCS_PREFIX = '/docs';

const transform: typeof jsonSchemaTransform = (route) => {
  const { readByHandler, ...schema } = route.schema ?? {};
  return jsonSchemaTransform({ ...route, schema: { ...schema, ...readByHandler } });
};

/**
 * Routes declare their parts and answers with zod schemas: fastify checks requests against them (api/validation.ts)
 * and answers with them, and @fastify/swagger turns them into the OpenAPI 3.1 document. Register before any route:
 * the document is made of the routes registered after it.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Afterglow API',
        version: '1',
        description:
          'Orders, events and webhooks from stores; the links of the emails; the admin API, reports and pages.',
      },
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    transform,
    transformObject: jsonSchemaTransformObject,
  });
}

/**
 * GET /openapi.json and the browsable reference at /docs (Swagger UI, served from its npm package: nothing loads
 * from elsewhere). Both public: they describe what every caller must send anyway, and name no secret or customer.
 */
export async function registerOpenApiRoutes(app: FastifyInstance): Promise<void> {
  app.get(OPENAPI_PATH, { schema: { summary: 'This API as an OpenAPI 3.1 document', tags: ['documentation'] } }, () =>
    app.swagger(),
  );
  await app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX });
}
