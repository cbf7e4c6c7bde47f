/** `GET /utils/countries`: the static list of ISO 3166-1 countries, without a token. */
import { Type } from 'typebox';
import { listCountries } from '../../domain/countries.js';
import { ErrorResponses } from '../schemas/common.js';
import type { RouteModule } from '../types.js';

const CountrySchema = Type.Object(
  { id: Type.String(), name: Type.String(), phone_code: Type.String(), iso2: Type.String() },
  { additionalProperties: false },
);

export const countryRoutes: RouteModule = (app) => {
  const data = listCountries().map((c) => ({
    id: c.id,
    name: c.name,
    phone_code: c.phoneCode,
    iso2: c.iso2,
  }));
  app.get(
    '/utils/countries',
    {
      config: { public: true },
      schema: {
        tags: ['Public'],
        summary:
          'Every ISO 3166-1 country: id (ISO numeric), English name, calling code (phone_code), iso2; by name',
        security: [],
        response: { 200: Type.Object({ data: Type.Array(CountrySchema) }), ...ErrorResponses },
      },
    },
    async () => ({ data }),
  );
};
