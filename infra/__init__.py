"""CDK app of the platform: one construct per part (infra.parts), composed into stacks (infra.stacks)."""
