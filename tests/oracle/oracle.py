"""Runs the official Huawei Cloud Python SDK for the differential tests.

Reads JSON lines on stdin, writes one JSON line per input on stdout. Modes:

  sign    {method, host, path, query: [[k, v]], headers: [[k, v]], body: [bytes], ak, sk}
          -> {authorization, uri}: the official Signer run on the request as given.
  client  {service: dcs|sms, endpoint, credentials: {kind, ak, sk, project_id, domain_id,
          security_token}, params: {...}}
          -> {ok, status, request_id, error_code, error_msg, encoded_authorization_message,
          exception}: the official client sending the request to `endpoint`.
  vector  the same input as sign -> {input, canonical_request, string_to_sign, authorization}
  env     {kind: basic|global, env: {name: value}} -> {ak, sk, security_token, project_id,
          domain_id} or {error}: the official EnvCredentialProvider with exactly those
          HUAWEICLOUD_SDK_* variables set.
  profile {kind, file} -> the same: the official ProfileCredentialProvider reading `file`
          (named by HUAWEICLOUD_SDK_CREDENTIALS_FILE).
  metadata {kind, endpoint} -> the same: the official MetadataCredentialProvider asking the
          metadata service at `endpoint` instead of 169.254.169.254.
  chain   {kind, env, endpoint} -> the same: the official default CredentialProviderChain with
          exactly those HUAWEICLOUD_SDK_* variables set and the metadata service at `endpoint`.
  federated {env, endpoint} -> {ok} or {ok: false, error, message}: the official
          EnvCredentialProvider with exactly those HUAWEICLOUD_SDK_* variables (an identity
          provider and an id token file) and a DCS call to `endpoint`, which makes the SDK
          exchange the id token at HUAWEICLOUD_SDK_IAM_ENDPOINT first.
  discover {kind, ak, sk, security_token, region, iam_endpoint, sts_endpoint} -> {project_id}
          or {domain_id} or {error}: a DCS client built for `region` with BasicCredentials that
          have no project id, which the SDK then asks IAM for; or, for kind global,
          GlobalCredentials without a domain id asking IAM, then STS.
"""

import json
import os
import sys

from huaweicloudsdkcore.auth.credentials import BasicCredentials, GlobalCredentials
from huaweicloudsdkcore.auth.internal import MetadataAccessor
from huaweicloudsdkcore.auth.provider import (
    EnvCredentialProvider,
    MetadataCredentialProvider,
    ProfileCredentialProvider,
)
from huaweicloudsdkcore.exceptions import exceptions
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer


class Keys:
    def __init__(self, ak, sk):
        self.ak = ak
        self.sk = sk


def sdk_request(item):
    return SdkRequest(
        method=item["method"],
        schema="http",
        host=item["host"],
        resource_path=item["path"],
        query_params=[tuple(p) for p in item["query"]],
        header_params={k: v for k, v in item["headers"]},
        body=bytes(item["body"]),
    )


def sign(item):
    signed = Signer(Keys(item["ak"], item["sk"])).sign(sdk_request(item))
    return {"authorization": signed.header_params["Authorization"], "uri": signed.uri}


def vector(item):
    """The official Signer's intermediate strings and result for one request."""
    request = sdk_request(item)
    signer = Signer(Keys(item["ak"], item["sk"]))
    signer._process_content_header(request)
    date = signer._process_header_time(request)
    signer._process_header_host(request)
    signed_headers = signer._process_signed_headers(request)
    canonical = signer._process_canonical_request(request, signed_headers)
    to_sign = signer._process_string_to_sign(canonical, date)
    signed = Signer(Keys(item["ak"], item["sk"])).sign(sdk_request(item))
    return {
        "input": item,
        "canonical_request": canonical,
        "string_to_sign": to_sign,
        "authorization": signed.header_params["Authorization"],
    }


def credentials(spec):
    if spec["kind"] == "basic":
        creds = BasicCredentials(spec["ak"], spec["sk"], spec["project_id"])
    else:
        creds = GlobalCredentials(spec["ak"], spec["sk"], spec.get("domain_id"))
    if spec.get("security_token") is not None:
        creds = creds.with_security_token(spec["security_token"])
    return creds


def client(item):
    config = HttpConfig.get_default_config()
    config.ignore_ssl_verification = True
    config.retry_times = 0
    if item.get("timeout") is not None:
        config.timeout = (item["timeout"], item["timeout"])
    params = item["params"]
    if item["service"] == "dcs":
        from huaweicloudsdkdcs.v2 import (
            AclAccountModifyPasswordBody,
            DcsClient,
            UpdateAclAccountPassWordRequest,
        )

        sdk = DcsClient.new_builder()
        body = AclAccountModifyPasswordBody(
            old_password=params.get("old_password"), new_password=params.get("new_password")
        )
        request = UpdateAclAccountPassWordRequest(
            instance_id=params["instance_id"], account_id=params["account_id"], body=body
        )
        call = "update_acl_account_pass_word"
    else:
        from huaweicloudsdksms.v3 import SmsClient, UnlockTargetEcsRequest

        sdk = SmsClient.new_builder()
        request = UnlockTargetEcsRequest(task_id=params["task_id"])
        call = "unlock_target_ecs"
    built = (
        sdk.with_http_config(config)
        .with_credentials(credentials(item["credentials"]))
        .with_endpoints([item["endpoint"]])
        .build()
    )
    try:
        getattr(built, call)(request)
        return {"ok": True}
    except exceptions.ServiceResponseException as e:
        return {
            "ok": False,
            "exception": type(e).__name__,
            "status": e.status_code,
            "request_id": text(e.request_id),
            "error_code": text(e.error_code),
            "error_msg": text(e.error_msg),
            "encoded_authorization_message": text(e.encoded_auth_msg),
        }
    except Exception as e:  # what escapes the SDK's own exception types
        return {"ok": False, "exception": "%s.%s" % (type(e).__module__, type(e).__name__)}


def env(item):
    for name in [n for n in os.environ if n.startswith("HUAWEICLOUD_SDK_")]:
        del os.environ[name]
    os.environ.update(item["env"])
    return provided(EnvCredentialProvider(item["kind"]))


def profile(item):
    for name in [n for n in os.environ if n.startswith("HUAWEICLOUD_SDK_")]:
        del os.environ[name]
    os.environ["HUAWEICLOUD_SDK_CREDENTIALS_FILE"] = item["file"]
    return provided(ProfileCredentialProvider(item["kind"]))


def metadata(item):
    MetadataAccessor._METADATA_ENDPOINT = item["endpoint"]
    return provided(MetadataCredentialProvider(item["kind"]))


def chain(item):
    from huaweicloudsdkcore.auth.provider import CredentialProviderChain

    for name in [n for n in os.environ if n.startswith("HUAWEICLOUD_SDK_")]:
        del os.environ[name]
    os.environ.update(item["env"])
    MetadataAccessor._METADATA_ENDPOINT = item["endpoint"]
    return provided(CredentialProviderChain.get_default(item["kind"]))


def federated(item):
    from huaweicloudsdkdcs.v2 import (
        AclAccountModifyPasswordBody,
        DcsClient,
        UpdateAclAccountPassWordRequest,
    )

    for name in [n for n in os.environ if n.startswith("HUAWEICLOUD_SDK_")]:
        del os.environ[name]
    os.environ.update(item["env"])
    config = HttpConfig.get_default_config()
    config.retry_times = 0
    try:
        creds = EnvCredentialProvider("basic").get_credentials()
        client = (
            DcsClient.new_builder().with_http_config(config).with_credentials(creds)
            .with_endpoints([item["endpoint"]]).build()
        )
        request = UpdateAclAccountPassWordRequest(
            instance_id="i", account_id="a", body=AclAccountModifyPasswordBody()
        )
        client.update_acl_account_pass_word(request)
    except Exception as e:
        return {"ok": False, "error": type(e).__name__, "message": str(e)}
    return {"ok": True}


def discover(item):
    from huaweicloudsdkcore.auth.credentials import Credentials
    from huaweicloudsdkcore.region.region import Region
    from huaweicloudsdkdcs.v2 import DcsClient

    Credentials._CACHE.clear()
    config = HttpConfig.get_default_config()
    config.retry_times = 0
    if item.get("kind") == "global":
        # The SDK asks STS only at the endpoint the environment (or its table) names.
        os.environ["HUAWEICLOUD_SDK_STS_ENDPOINT"] = item["sts_endpoint"]
        creds = GlobalCredentials(item["ak"], item["sk"]).with_iam_endpoint(item["iam_endpoint"])
    else:
        creds = BasicCredentials(item["ak"], item["sk"]).with_iam_endpoint(item["iam_endpoint"])
    if item.get("security_token") is not None:
        creds = creds.with_security_token(item["security_token"])
    try:
        if item.get("kind") == "global":
            # An HTTP client of any built client; SMS 3.1.196 takes no GlobalCredentials.
            http_client = (
                DcsClient.new_builder().with_http_config(config)
                .with_credentials(BasicCredentials("AK", "SK", "p"))
                .with_endpoints(["http://127.0.0.1:9"]).build().get_http_client()
            )
            creds.process_auth_params(http_client, item["region"])
            return {"domain_id": creds.domain_id}
        DcsClient.new_builder().with_http_config(config).with_credentials(creds).with_region(
            Region(item["region"], "http://127.0.0.1:9")
        ).build()
    except Exception as e:
        return {"error": type(e).__name__, "message": str(e)}
    return {"project_id": creds.project_id}


def provided(provider):
    """What a provider gives: the credentials' fields, or the name of the error."""
    try:
        c = provider.get_credentials()
    except Exception as e:
        return {"error": type(e).__name__}
    return {
        "ak": c.ak,
        "sk": c.sk,
        "security_token": c.security_token,
        "project_id": getattr(c, "project_id", None),
        "domain_id": getattr(c, "domain_id", None),
    }


def text(value):
    """A field as the SDK prints it (`str()`), or None."""
    return None if value is None else str(value)


def main():
    mode = {"sign": sign, "vector": vector, "client": client, "env": env,
            "profile": profile, "metadata": metadata, "chain": chain,
            "federated": federated, "discover": discover}[sys.argv[1]]
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(mode(json.loads(line)), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
