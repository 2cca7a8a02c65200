/** Build-time configuration Vite puts in `import.meta.env` (VITE_-prefixed environment variables). */
interface ImportMetaEnv {
  /** The Cognito hosted UI, e.g. `https://<prefix>.auth.<region>.amazoncognito.com`. */
  readonly VITE_SHISHI_COGNITO_DOMAIN?: string;
  /** The user pool app client's id (public client, no secret). */
  readonly VITE_SHISHI_COGNITO_CLIENT_ID?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
