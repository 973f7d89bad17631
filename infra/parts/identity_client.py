"""The web app client's settings, shared by the CDK app and the identity contract test (no CDK import here).

The API logs users in itself (POST /auth/login -> mdap.adapters.aws.cognito): USER_PASSWORD_AUTH with the
e-mail as USERNAME, then REFRESH_TOKEN_AUTH. SRP stays allowed for clients that sign in directly.
"""

from __future__ import annotations

WEB_CLIENT_AUTH_FLOWS = ("ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")
# Claims the ID token must carry for mdap.domain.identity.principal_from_claims (custom:site: a factory user's site).
WEB_CLIENT_READ_ATTRIBUTES = ("custom:site", "email", "email_verified", "name")  # as CloudFormation lists them
# What users may change about themselves through the client: never custom:site, which only administrators set
# (AdminUpdateUserAttributes) because it decides which factory's data a user sees.
WEB_CLIENT_WRITE_ATTRIBUTES = ("email", "name")
