import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonVariants } from "@/components/ui/button";

export default function ExceptionNotFound() {
  return (
    <EmptyState
      title="Exception not found"
      description="It does not exist, or it is on an NHI you cannot see."
      action={
        <Link href="/exceptions" className={buttonVariants({ variant: "outline" })}>
          Back to the exceptions
        </Link>
      }
    />
  );
}
