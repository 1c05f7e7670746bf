"""HTTPS and bearer tokens as the official client sees them: the kubeconfig's CA verifies the
server, requests without the token are refused with a 401 Status, and a ServiceAccount token
issued through the TokenRequest subresource authenticates until its account is deleted."""

import copy

import pytest
from kubernetes import client

from helpers import unique


def _client_with_token(api_client, token):
    configuration = copy.copy(api_client.configuration)
    configuration.api_key = {"authorization": f"Bearer {token}"} if token else {}
    configuration.api_key_prefix = {}
    # load_kube_config installs a hook that puts the kubeconfig's token back before each call.
    configuration.refresh_api_key_hook = None
    return client.ApiClient(configuration)


def test_the_server_is_https_and_verified_against_the_kubeconfig_ca(cluster, api_client):
    assert cluster.api_url.startswith("https://"), cluster.api_url
    assert api_client.configuration.ssl_ca_cert, "load_kube_config gave no CA file"
    assert api_client.configuration.verify_ssl
    assert (cluster.data_dir / "pki" / "ca.crt").is_file()


def test_requests_without_a_token_are_401(api_client):
    with _client_with_token(api_client, None) as anonymous:
        with pytest.raises(client.ApiException) as raised:
            client.CoreV1Api(anonymous).list_namespace()
    assert raised.value.status == 401
    assert '"reason":"Unauthorized"' in raised.value.body


def test_a_serviceaccount_token_works_until_the_account_is_deleted(core, api_client, namespace):
    name = unique("robot")
    core.create_namespaced_service_account(namespace, client.V1ServiceAccount(metadata=client.V1ObjectMeta(name=name)))
    request = client.AuthenticationV1TokenRequest(spec=client.V1TokenRequestSpec(audiences=[], expiration_seconds=1200))
    issued = core.create_namespaced_service_account_token(name, namespace, request)
    token = issued.status.token
    assert token.count(".") == 2
    with _client_with_token(api_client, token) as robot:
        review = client.AuthenticationV1Api(robot).create_self_subject_review(client.V1SelfSubjectReview())
        assert review.status.user_info.username == f"system:serviceaccount:{namespace}:{name}"
        assert client.CoreV1Api(robot).list_namespaced_config_map(namespace).items is not None
        core.delete_namespaced_service_account(name, namespace)
        with pytest.raises(client.ApiException) as raised:
            client.CoreV1Api(robot).list_namespaced_config_map(namespace)
    assert raised.value.status == 401
