// postject ships no types; graceful uses only inject().
declare module 'postject' {
  export const inject: (
    filename: string,
    resourceName: string,
    resourceData: Buffer,
    options?: {sentinelFuse?: string; machoSegmentName?: string; overwrite?: boolean},
  ) => Promise<void>;
}
