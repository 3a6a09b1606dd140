"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

// Unexpected failures: say so plainly, offer a retry, never show internals.
export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-lg space-y-4 py-12">
      <Alert variant="destructive" title="Something went wrong">
        The page could not be loaded. Nothing was changed.
        {error.digest ? <span className="mt-1 block text-xs opacity-75">Reference: {error.digest}</span> : null}
      </Alert>
      <Button variant="outline" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
