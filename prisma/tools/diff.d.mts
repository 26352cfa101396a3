/** The SQL that takes an empty database to schema.prisma (see diff.mjs). */
export declare function schemaSql(databaseUrl: string): string;
