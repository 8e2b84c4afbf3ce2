"""Times the official Huawei Cloud Python SDK's Signer on the request the criterion bench
`sign one request` signs (tests/benches/runtime.rs); prints microseconds per request."""

import sys
import time

from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer


class Keys:
    def __init__(self, ak, sk):
        self.ak = ak
        self.sk = sk


def request():
    return SdkRequest(
        method="PUT",
        schema="https",
        host="dcs.cn-north-4.myhuaweicloud.com",
        resource_path="/v2/0912c1b9e480d2c82f7ac00d5a3d2f55/instances/inst-1/accounts/acc-1/password/modify",
        query_params=[],
        header_params={
            "Content-Type": "application/json;charset=utf-8",
            "User-Agent": "huaweicloud-sdk-rust/0.1.0",
            "X-Project-Id": "0912c1b9e480d2c82f7ac00d5a3d2f55",
        },
        body=b'{"old_password":"xxxxxx","new_password":"yyyyyy"}',
    )


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    signer = Signer(Keys("HPUAEXAMPLEAK0000001", "sk-example"))
    for _ in range(1000):
        signer.sign(request())
    best = None
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(rounds):
            signer.sign(request())
        per = (time.perf_counter() - start) / rounds * 1e6
        best = per if best is None else min(best, per)
    print("%.2f" % best)


if __name__ == "__main__":
    main()
