"use client";
import { useState } from "react";

/**
 * The webhook secret, shown once (the API answers it only to createTrigger and
 * rotateTriggerSecret), with how to sign a call.
 */
export function SecretOnce({ secret, url, onDismiss }: { secret: string; url: string; onDismiss: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <section className="panel" aria-label="Webhook secret" data-testid="secret-once">
      <p>
        <strong>Copy this secret now: it is not shown again.</strong> Rotate it on the trigger's page if it is lost.
      </p>
      <div className="row">
        <code data-testid="trigger-secret" style={{ wordBreak: "break-all" }}>
          {secret}
        </code>
        <button
          type="button"
          className="secondary"
          onClick={async () => {
            await navigator.clipboard?.writeText(secret).catch(() => undefined);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <p className="muted">
        Sign each call with the hex HMAC-SHA256 of its exact body under this secret, as GitHub does:
      </p>
      <pre style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
        {`BODY='{"requestId":"42"}'
SIG=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac '${secret}' | cut -d' ' -f2)
curl -X POST ${url} \\
  -H "X-Baton-Signature-256: sha256=$SIG" -H 'X-Baton-Delivery: delivery-1' -d "$BODY"`}
      </pre>
      <button type="button" className="secondary" onClick={onDismiss}>
        I saved it
      </button>
    </section>
  );
}
