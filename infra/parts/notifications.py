"""Notifications: the SES identity that mails applicants and staff, its configuration set, and the send grant.

The identity is the sender address itself, or the sender's domain (Easy DKIM) when ``identity_domain`` is
given. SES verifies it outside CloudFormation (a link mailed to the address, or DKIM records in the domain's
DNS): until then, and while the account is in the SES sandbox, SES refuses to send (infra/README.md).
"""

from __future__ import annotations

from aws_cdk import Aws
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_ses as ses
from constructs import Construct

from mdap.ports.notifier import is_email_address


class Notifications(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, name_prefix: str, mail_from: str,
        identity_domain: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__(scope, construct_id)
        self.mail_from = _checked_sender(mail_from, identity_domain)
        self.configuration_set = ses.ConfigurationSet(
            self, "ConfigurationSet", configuration_set_name=f"{name_prefix}-notifications",
            reputation_metrics=True, sending_enabled=True, tls_policy=ses.ConfigurationSetTlsPolicy.REQUIRE,
            suppression_reasons=ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
        )  # fmt: skip
        identity = ses.Identity.domain(identity_domain) if identity_domain else ses.Identity.email(mail_from)
        self.identity = ses.EmailIdentity(self, "Sender", identity=identity,
                                          configuration_set=self.configuration_set)  # fmt: skip
        self.configuration_set_arn = (f"arn:{Aws.PARTITION}:ses:{Aws.REGION}:{Aws.ACCOUNT_ID}:configuration-set/"
                                      f"{self.configuration_set.configuration_set_name}")  # fmt: skip

    def grant_send(self, function: lambda_.IFunction) -> None:
        """SESv2 SendEmail authorises against the sending identity and the configuration set: exactly those."""
        function.add_to_role_policy(iam.PolicyStatement(
            actions=["ses:SendEmail"],
            resources=[self.identity.email_identity_arn, self.configuration_set_arn]))


def _checked_sender(mail_from: str, identity_domain: str | None) -> str:
    if not is_email_address(mail_from):
        raise ValueError(f"mail_from is not an e-mail address: {mail_from!r}")
    domain = mail_from.rpartition("@")[2].lower()
    if identity_domain and not (domain == identity_domain.lower() or domain.endswith("." + identity_domain.lower())):
        raise ValueError(f"mail_from {mail_from!r} is not an address of the identity domain {identity_domain!r}")
    return mail_from
