import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonVariants } from "@/components/ui/button";

export default function IdentityNotFound() {
  return (
    <EmptyState
      title="NHI not found"
      description="It does not exist, was removed, or is not one you can see."
      action={
        <Link href="/inventory" className={buttonVariants({ variant: "outline" })}>
          Back to the inventory
        </Link>
      }
    />
  );
}
