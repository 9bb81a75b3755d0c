package org.ewstoken.store; final class Placeholder {}
