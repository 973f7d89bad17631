"""Identity: the Cognito user pool, one group per role, MFA enforced for staff and admin, the web client.

A factory user (group ``factory``) sees one site's monitoring: the site is the custom attribute ``site``
(``custom:site`` in the ID token), which the web client may read but not write.
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra.nag import BASIC_EXECUTION_ROLE, suppress
from infra.parts.identity_client import WEB_CLIENT_AUTH_FLOWS, WEB_CLIENT_READ_ATTRIBUTES, WEB_CLIENT_WRITE_ATTRIBUTES

ROLES = ("applicant", "evaluator", "staff", "admin", "factory")  # mdap.domain.identity.ROLES
SITE_ATTRIBUTE = "site"
# Cognito attribute name -> aws-cdk-lib's StandardAttributesMask keyword, where they differ.
_CDK_ATTRIBUTE = {"name": "fullname"}
_RUNTIME = Path(__file__).resolve().parent.parent / "runtime"
_DIRECTORY = ("cognito-idp:ListUsers", "cognito-idp:AdminListGroupsForUser")
# The administrators' user screens (mdap.adapters.aws.cognito.CognitoIdentity as a UserDirectory).
_ADMINISTER = ("cognito-idp:AdminCreateUser", "cognito-idp:AdminGetUser", "cognito-idp:AdminSetUserPassword",
               "cognito-idp:AdminEnableUser", "cognito-idp:AdminDisableUser", "cognito-idp:AdminAddUserToGroup",
               "cognito-idp:AdminRemoveUserFromGroup", "cognito-idp:AdminUpdateUserAttributes",
               "cognito-idp:AdminDeleteUserAttributes")


class Identity(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, name_prefix: str, session_hours: int = 12) -> None:
        super().__init__(scope, construct_id)
        self.user_pool = cognito.UserPool(
            self, "UserPool", user_pool_name=f"{name_prefix}-users",
            self_sign_up_enabled=True,  # applicants register themselves; other roles are granted by staff
            # The e-mail is the username (the adapter sends it as USERNAME), compared case-insensitively.
            sign_in_aliases=cognito.SignInAliases(email=True), sign_in_case_sensitive=False,
            auto_verify=cognito.AutoVerifiedAttrs(email=True),
            password_policy=cognito.PasswordPolicy(
                min_length=12, require_lowercase=True, require_uppercase=True, require_digits=True,
                require_symbols=True, temp_password_validity=Duration.days(3),
            ),
            mfa=cognito.Mfa.OPTIONAL, mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            feature_plan=cognito.FeaturePlan.PLUS,
            standard_threat_protection_mode=cognito.StandardThreatProtectionMode.FULL_FUNCTION,
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY, deletion_protection=True,
            custom_attributes={SITE_ATTRIBUTE: cognito.StringAttribute(min_len=1, max_len=63, mutable=True)},
            removal_policy=RemovalPolicy.RETAIN,
        )  # fmt: skip
        for precedence, role in enumerate(reversed(ROLES)):
            cognito.CfnUserPoolGroup(
                self, f"Group{role.title()}", user_pool_id=self.user_pool.user_pool_id,
                group_name=role, precedence=precedence, description=f"Role {role}",
            )  # fmt: skip
        self.client = self._web_client(session_hours)
        self._mfa_guard()
        suppress(self.user_pool, "COG2", "MFA is pool-optional so applicants are not forced into it; "
                 "the MfaGuard trigger strips staff/admin groups from tokens of users without MFA.")

    def _web_client(self, session_hours: int) -> cognito.UserPoolClient:
        client = self.user_pool.add_client(
            "WebClient", generate_secret=False, prevent_user_existence_errors=True, disable_o_auth=True,
            read_attributes=_client_attributes(WEB_CLIENT_READ_ATTRIBUTES),
            write_attributes=_client_attributes(WEB_CLIENT_WRITE_ATTRIBUTES),
            access_token_validity=Duration.minutes(30), id_token_validity=Duration.minutes(30),
            # Cognito's refresh token stays server-side in the session family and lives as long as it does;
            # the family rotates its own token (mdap.identity.ledger), so Cognito's rotation stays off.
            refresh_token_validity=Duration.hours(session_hours), enable_token_revocation=True,
        )  # fmt: skip
        # The flows are set from the one list the identity contract test also uses, not re-spelled here.
        cfn_client: cognito.CfnUserPoolClient = client.node.default_child  # type: ignore[assignment]
        cfn_client.explicit_auth_flows = list(WEB_CLIENT_AUTH_FLOWS)
        return client

    def grant_session_admin(self, function: lambda_.IFunction) -> None:
        """What the API's identity adapter calls beyond log-in: the user list, sign-out everywhere, and the
        administrators' changes to users (roles, a factory user's site, enabling, password resets)."""
        function.add_to_role_policy(iam.PolicyStatement(
            actions=[*_DIRECTORY, "cognito-idp:AdminUserGlobalSignOut"], resources=[self.user_pool.user_pool_arn]))
        function.add_to_role_policy(iam.PolicyStatement(actions=list(_ADMINISTER),
                                                        resources=[self.user_pool.user_pool_arn]))

    def grant_user_directory(self, function: lambda_.IFunction) -> None:
        """Reading who has which role (the workflow tells staff of approvals waiting)."""
        function.add_to_role_policy(iam.PolicyStatement(actions=list(_DIRECTORY),
                                                        resources=[self.user_pool.user_pool_arn]))

    def _mfa_guard(self) -> None:
        guard = lambda_.Function(
            self, "MfaGuard", runtime=lambda_.Runtime.PYTHON_3_11, architecture=lambda_.Architecture.X86_64,
            handler="mfa_guard.handler", code=lambda_.Code.from_asset(str(_RUNTIME), exclude=["__*"]),
            timeout=Duration.seconds(5), tracing=lambda_.Tracing.ACTIVE,
        )  # fmt: skip
        self.user_pool.add_trigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION, guard)
        # A separate policy (not the role's default one) keeps pool -> function -> policy -> pool acyclic.
        policy = iam.Policy(self, "MfaGuardReadUsers", statements=[iam.PolicyStatement(
            actions=["cognito-idp:AdminGetUser"], resources=[self.user_pool.user_pool_arn])])
        policy.attach_to_role(guard.role)  # type: ignore[arg-type]
        self.functions = [guard]
        suppress(guard, "IAM4", "AWSLambdaBasicExecutionRole only grants writing the function's own logs.",
                 applies_to=[BASIC_EXECUTION_ROLE])
        suppress(guard, "IAM5", "X-Ray's PutTraceSegments/PutTelemetryRecords allow no resource scoping.",
                 applies_to=["Resource::*"])
        suppress(guard, "L1", "Python 3.11 is pinned for all Lambdas: the AWS SDK for pandas layer and "
                 "the tested packaging use it.")


def _client_attributes(names: tuple[str, ...]) -> cognito.ClientAttributes:
    standard = {_CDK_ATTRIBUTE.get(name, name): True for name in names if not name.startswith("custom:")}
    custom = [name.removeprefix("custom:") for name in names if name.startswith("custom:")]
    attributes = cognito.ClientAttributes().with_standard_attributes(**standard)
    return attributes.with_custom_attributes(*custom) if custom else attributes
